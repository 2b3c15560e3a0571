namespace Pulse.Core.Tests.VectorStore;

public sealed class ContractComplianceTests
{
    [Fact]
    public void Every_contract_suite_has_an_implementation_that_runs_it()
    {
        var types = typeof(ContractComplianceTests).Assembly.GetTypes();
        var contracts = types.Where(t => t.IsAbstract && t.Name.EndsWith("ContractTests", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(contracts);
        Assert.All(contracts, contract => Assert.True(
            types.Any(t => !t.IsAbstract && contract.IsAssignableFrom(t) && !t.IsDefined(typeof(RequiresEnvironmentVariableAttribute), false)),
            $"{contract.Name} has no subclass that always runs."));
    }
}
