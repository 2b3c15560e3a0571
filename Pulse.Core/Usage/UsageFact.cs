namespace Pulse.Core.Usage;

/// <summary>The figures of one period for one tenant, integration, provider, model and operation.</summary>
public sealed record UsageFact(
    DateOnly Period, int TenantId, string TenantName, int? IntegrationId, string? IntegrationName,
    string Provider, string Model, string Operation, UsageFigures Figures)
{
    /// <summary>The key and label of this fact along a dimension.</summary>
    public (string Key, string Label) Along(UsageDimension dimension) => dimension switch
    {
        UsageDimension.Provider => (Provider, Provider),
        UsageDimension.Integration => (IntegrationId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            IntegrationName ?? (IntegrationId is null ? "No integration recorded" : $"Deleted integration #{IntegrationId}")),
        UsageDimension.Model => (Model, Model.Length == 0 ? "Unknown model" : Model),
        UsageDimension.Operation => (Operation, UsageLabels.Operation(Operation)),
        UsageDimension.Tenant => (TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture), TenantName),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };
}
