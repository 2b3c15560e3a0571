namespace Pulse.Core.Usage;

/// <summary>Names of stored values as people read them.</summary>
public static class UsageLabels
{
    public static string Operation(string operation) => operation switch
    {
        "embedding" => "Embedding",
        "text_generation" => "Text generation",
        "analysis" => "Analysis",
        _ => operation,
    };

    public static string Dimension(UsageDimension dimension) => dimension switch
    {
        UsageDimension.Provider => "Provider",
        UsageDimension.Integration => "Integration",
        UsageDimension.Model => "Model",
        UsageDimension.Operation => "Operation",
        UsageDimension.Tenant => "Tenant",
        _ => dimension.ToString(),
    };
}
