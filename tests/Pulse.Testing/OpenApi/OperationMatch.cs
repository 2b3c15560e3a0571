using System.Text.Json;

namespace Pulse.Testing.OpenApi;

/// <summary>The operation of a specification that a request (method and path) resolves to.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="PathTemplate">The matched path template, such as <c>/collections/{collection_name}/points</c>.</param>
/// <param name="PathParameters">Values taken from the request path, by template parameter name (unescaped).</param>
/// <param name="Query">Query string values by name (unescaped; a name may repeat).</param>
/// <param name="Operation">The operation object from the document.</param>
/// <param name="PathItem">The path item object that holds the operation (for path-level parameters).</param>
public sealed record OperationMatch(
    string Method,
    string PathTemplate,
    IReadOnlyDictionary<string, string> PathParameters,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Query,
    JsonElement Operation,
    JsonElement PathItem)
{
    /// <summary>The operation's <c>operationId</c>, when the document gives one.</summary>
    public string? OperationId =>
        Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null;
}
