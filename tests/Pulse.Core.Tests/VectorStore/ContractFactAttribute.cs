using Xunit.Sdk;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>
/// A fact of a contract suite. It lives on the abstract contract class, so it cannot know the store; its
/// discoverer skips it (with the reason shown) when the concrete test class carries a
/// <see cref="RequiresEnvironmentVariableAttribute"/> whose variable is unset.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Pulse.Core.Tests.VectorStore.ContractFactDiscoverer", "Pulse.Core.Tests")]
public sealed class ContractFactAttribute : FactAttribute;
