using Xunit.Abstractions;
using Xunit.Sdk;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>A fact whose skip reason comes from the concrete test class (see <see cref="RequiresEnvironmentVariableAttribute"/>).</summary>
public sealed class ContractTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTestCase()
    {
    }

    public ContractTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var requirement = TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute)).FirstOrDefault();
        var name = requirement?.GetConstructorArguments().FirstOrDefault() as string;
        return (name is null ? null : RequiresEnvironmentVariableAttribute.SkipReason(name)) ?? base.GetSkipReason(factAttribute);
    }
}
