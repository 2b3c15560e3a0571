using System.Text.Json;

namespace Pulse.Testing.OpenApi;

/// <summary>
/// A published OpenAPI 3.x document, loaded to check what a client sends and what a test double answers:
/// it matches requests to operations and validates parameters and JSON bodies against the operation's schemas.
/// </summary>
public sealed class OpenApiSpec
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private readonly List<PathTemplate> _templates;
    private readonly OperationChecks _checks;

    private OpenApiSpec(JsonElement document, string basePath)
    {
        Document = document;
        BasePath = basePath.TrimEnd('/');
        Version = document.TryGetProperty("openapi", out var version) ? version.GetString() ?? "" : "";
        Validator = new JsonSchemaValidator(document);
        _checks = new OperationChecks(Validator);
        _templates = document.TryGetProperty("paths", out var paths)
            ? [.. paths.EnumerateObject().Select(p => new PathTemplate(p.Name)).OrderByDescending(t => t.Specificity)]
            : [];
    }

    /// <summary>The whole document.</summary>
    public JsonElement Document { get; }

    /// <summary>The document's <c>openapi</c> version, such as <c>3.0.1</c>.</summary>
    public string Version { get; }

    /// <summary>A prefix requests carry before the spec's paths (OpenAI clients call <c>/v1/embeddings</c>).</summary>
    public string BasePath { get; }

    /// <summary>The schema validator, resolving <c>$ref</c>s in this document.</summary>
    public JsonSchemaValidator Validator { get; }

    /// <summary>The path templates of the document.</summary>
    public IEnumerable<string> PathTemplates => _templates.Select(t => t.Template);

    /// <summary>Loads a document from a file.</summary>
    public static OpenApiSpec Load(string filePath, string basePath = "") => Parse(File.ReadAllText(filePath), basePath);

    /// <summary>Parses a document from its JSON text.</summary>
    public static OpenApiSpec Parse(string json, string basePath = "")
    {
        using var document = JsonDocument.Parse(json);
        return new OpenApiSpec(document.RootElement.Clone(), basePath);
    }

    /// <summary>Loads one of the published specs (see <see cref="SpecsFolder"/>), or returns null when it is absent.</summary>
    public static OpenApiSpec? LoadPublished(string fileName, string basePath = "") =>
        SpecsFolder.FindFile(fileName) is { } file ? Load(file, basePath) : null;

    /// <summary>Finds the operation for a request such as <c>PUT /collections/docs/points?wait=true</c>.</summary>
    /// <returns>The match, or null when no path template and method fit.</returns>
    public OperationMatch? Match(string method, string pathAndQuery)
    {
        var (path, query) = PathTemplate.SplitQuery(pathAndQuery);
        if (BasePath.Length > 0 && path.StartsWith(BasePath + "/", StringComparison.Ordinal))
        {
            path = path[BasePath.Length..];
        }

        var verb = method.ToLowerInvariant();
        var paths = Document.GetProperty("paths");
        foreach (var template in _templates)
        {
            var pathItem = paths.GetProperty(template.Template);
            if (template.Match(path) is { } parameters && pathItem.TryGetProperty(verb, out var operation)
                && HttpMethods.Contains(verb))
            {
                return new OperationMatch(method.ToUpperInvariant(), template.Template, parameters, query, operation, pathItem);
            }
        }

        return null;
    }

    /// <summary>Validates a request's method, path, query parameters and JSON body.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="pathAndQuery">The request target, such as <c>/collections/docs/points?wait=true</c>.</param>
    /// <param name="body">The JSON body, or null when there is none.</param>
    /// <param name="strict">Also reject body properties that no applicable schema declares (a misspelled key);
    /// for requests a client under test sends, where the spec is the whole vocabulary.</param>
    /// <returns>The violations; empty when the request is what the spec describes.</returns>
    public IReadOnlyList<SpecViolation> ValidateRequest(string method, string pathAndQuery, string? body, bool strict = false)
    {
        if (Match(method, pathAndQuery) is not { } match)
        {
            return [Unmatched(method, pathAndQuery)];
        }

        var violations = new List<SpecViolation>();
        _checks.CheckParameters(match, violations);
        _checks.CheckRequestBody(match.Operation, body, violations, strict);
        return violations;
    }

    /// <summary>Validates a response body against the schema the operation declares for <paramref name="statusCode"/>
    /// (falling back to <c>4XX</c>-style ranges and <c>default</c>). Always lenient about undeclared properties:
    /// servers may add fields, and clients must ignore them.</summary>
    public IReadOnlyList<SpecViolation> ValidateResponse(string method, string pathAndQuery, int statusCode, string? body)
    {
        if (Match(method, pathAndQuery) is not { } match)
        {
            return [Unmatched(method, pathAndQuery)];
        }

        var violations = new List<SpecViolation>();
        _checks.CheckResponse(match.Operation, statusCode, body, violations);
        return violations;
    }

    /// <summary>Validates JSON text against a named schema of <c>#/components/schemas</c>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="schemaName">The schema's name under <c>#/components/schemas</c>.</param>
    /// <param name="strict">Also reject properties that no applicable schema declares (for a body a client under test sends
    /// to a path the spec does not describe, such as Azure's deployment routes).</param>
    public IReadOnlyList<SpecViolation> ValidateSchema(string json, string schemaName, bool strict = false)
    {
        using var document = JsonDocument.Parse(json);
        return Validator.Validate(document.RootElement, $"#/components/schemas/{schemaName}", strict: strict);
    }

    private static SpecViolation Unmatched(string method, string pathAndQuery) =>
        new($"{method.ToUpperInvariant()} {pathAndQuery}", "no operation in the specification matches this method and path");
}
