namespace Pulse.Core.Providers.Chain;

/// <summary>What the chain is asked to do, for budget, resolution and usage rows.</summary>
internal sealed record ChainCall(int TenantId, ProviderSubtype Subtype, ProviderOperation Operation, int InputCount, int? PrimaryIntegrationId);
