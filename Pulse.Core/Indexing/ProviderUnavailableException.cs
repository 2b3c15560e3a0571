using Pulse.Core.Providers;

namespace Pulse.Core.Indexing;

/// <summary>The provider chain failed for reasons that are not about any one row (down, unauthorised, misconfigured): the job pauses.</summary>
internal sealed class ProviderUnavailableException(ProviderException inner)
    : Exception($"The embedding provider is not answering ({inner.Message}).", inner);
