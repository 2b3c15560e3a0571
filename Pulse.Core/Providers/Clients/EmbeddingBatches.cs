namespace Pulse.Core.Providers.Clients;

/// <summary>Splits inputs into the integration's batch size and stitches the answers back in order.</summary>
internal static class EmbeddingBatches
{
    public static async Task<EmbeddingResponse> RunAsync(
        IReadOnlyList<string> inputs,
        int batchSize,
        Func<IReadOnlyList<string>, CancellationToken, Task<EmbeddingResponse>> sendBatch,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            return new EmbeddingResponse([], TokenUsage.None, null);
        }

        if (inputs.Count <= batchSize)
        {
            return await sendBatch(inputs, cancellationToken).ConfigureAwait(false);
        }

        var vectors = new List<float[]>(inputs.Count);
        var usage = TokenUsage.None;
        string? model = null;
        foreach (var batch in inputs.Chunk(batchSize))
        {
            var part = await sendBatch(batch, cancellationToken).ConfigureAwait(false);
            vectors.AddRange(part.Vectors);
            usage = usage.Add(part.Usage);
            model ??= part.Model;
        }

        return new EmbeddingResponse(vectors, usage, model);
    }
}
