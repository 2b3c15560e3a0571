namespace Pulse.Core.Providers;

/// <summary>
/// Checks an embedding answer before anyone stores it: one vector per input, each of the
/// integration's configured dimension. A provider that silently switched models would
/// otherwise mix incomparable vectors into a collection.
/// </summary>
public static class EmbeddingResponseValidator
{
    /// <summary>Throws a <see cref="ProviderException"/> (BadResponse or WrongDimension) when the answer does not fit.</summary>
    public static void Validate(IntegrationSpec spec, int expectedCount, EmbeddingResponse response)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(response);
        var label = $"{ProviderNames.Label(spec.Kind)} integration '{spec.Name}'";
        if (response.Vectors.Count != expectedCount)
        {
            throw new ProviderException(ProviderErrorCategory.BadResponse, $"{label} returned {response.Vectors.Count} vectors for {expectedCount} inputs.") { IntegrationId = spec.Id };
        }

        var expected = spec.Dimension ?? response.Vectors.FirstOrDefault()?.Length;
        var wrong = response.Vectors.FirstOrDefault(v => v is null || v.Length != expected);
        if (expected is not null && response.Vectors.Count > 0 && wrong is not null)
        {
            throw new ProviderException(
                ProviderErrorCategory.WrongDimension,
                $"{label} returned {wrong?.Length ?? 0}-dimensional vectors, but it is configured for {expected}. "
                + "Check the model (or its dimensions setting) against the integration's dimension.") { IntegrationId = spec.Id };
        }
    }
}
