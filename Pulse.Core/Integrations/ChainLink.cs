using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>One integration in a drawn fallback chain.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">Its provider type.</param>
/// <param name="Model">The model that defines its vector space (pricing model for Azure).</param>
/// <param name="Dimension">Its vector length (embeddings).</param>
/// <param name="Active">False when disabled: the chain skips it at run time.</param>
public sealed record ChainLink(int Id, string Name, ProviderKind Kind, string Model, int? Dimension, bool Active);
