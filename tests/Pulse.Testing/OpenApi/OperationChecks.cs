using System.Text.Json;

namespace Pulse.Testing.OpenApi;

/// <summary>Checks the parts of an exchange an operation describes: parameters, request body, response body.</summary>
internal sealed class OperationChecks(JsonSchemaValidator validator)
{
    public void CheckParameters(OperationMatch match, List<SpecViolation> sink)
    {
        // Operation-level parameters override path-level ones with the same name and location.
        var declared = new Dictionary<(string In, string Name), JsonElement>();
        foreach (var parameter in Parameters(match.PathItem).Concat(Parameters(match.Operation)))
        {
            var location = parameter.TryGetProperty("in", out var i) ? i.GetString() ?? "" : "";
            var name = parameter.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            declared[(location, name)] = parameter;
        }

        foreach (var ((location, name), parameter) in declared)
        {
            var schema = parameter.TryGetProperty("schema", out var s) ? s : default;
            var required = parameter.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
            IReadOnlyList<string>? values = location switch
            {
                "query" => match.Query.GetValueOrDefault(name),
                "path" => match.PathParameters.TryGetValue(name, out var value) ? [value] : null,
                _ => [],
            };
            if (values is null && required)
            {
                sink.Add(new SpecViolation($"{location}.{name}", $"required {location} parameter is missing"));
            }

            foreach (var value in values ?? [])
            {
                CheckParameterValue(value, schema, $"{location}.{name}", sink);
            }
        }

        foreach (var name in match.Query.Keys.Where(name => !declared.ContainsKey(("query", name))))
        {
            sink.Add(new SpecViolation($"query.{name}", "is not a query parameter of this operation"));
        }
    }

    public void CheckRequestBody(JsonElement operation, string? body, List<SpecViolation> sink, bool strict = false)
    {
        var hasBody = !string.IsNullOrWhiteSpace(body);
        if (!operation.TryGetProperty("requestBody", out var requestBody))
        {
            if (hasBody)
            {
                sink.Add(new SpecViolation("$", "the operation takes no request body"));
            }

            return;
        }

        requestBody = validator.Dereference(requestBody);
        if (!hasBody)
        {
            if (requestBody.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True)
            {
                sink.Add(new SpecViolation("$", "the request body is required"));
            }

            return;
        }

        if (JsonSchemaOf(requestBody) is { } schema)
        {
            CheckJson(body!, schema, sink, strict);
        }
    }

    public void CheckResponse(JsonElement operation, int statusCode, string? body, List<SpecViolation> sink)
    {
        if (!operation.TryGetProperty("responses", out var responses) || responses.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (FindResponse(responses, statusCode) is not { } declared)
        {
            sink.Add(new SpecViolation("status", $"{statusCode} is not a declared response of this operation"));
            return;
        }

        // A response $ref that does not resolve (the OpenAI extract's components/responses) leaves
        // nothing to check against: the spec, not the response, is incomplete.
        if (JsonSchemaOf(validator.Dereference(declared)) is not { } schema)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            sink.Add(new SpecViolation("$", $"the body is empty, but the specification declares a JSON body for {statusCode}"));
            return;
        }

        CheckJson(body, schema, sink);
    }

    private static JsonElement? FindResponse(JsonElement responses, int statusCode)
    {
        var range = $"{statusCode / 100}XX";
        foreach (var key in (ReadOnlySpan<string>)[statusCode.ToString(), range, range.ToLowerInvariant(), "default"])
        {
            if (responses.TryGetProperty(key, out var response))
            {
                return response;
            }
        }

        return null;
    }

    private static JsonElement? JsonSchemaOf(JsonElement holder)
    {
        if (holder.ValueKind != JsonValueKind.Object || !holder.TryGetProperty("content", out var content))
        {
            return null;
        }

        // Only JSON bodies are checked; multipart uploads and event streams have no JSON document to validate.
        var json = content.EnumerateObject().FirstOrDefault(c => c.Name.Contains("json", StringComparison.OrdinalIgnoreCase));
        return json.Value.ValueKind == JsonValueKind.Object && json.Value.TryGetProperty("schema", out var schema) ? schema : null;
    }

    private void CheckJson(string body, JsonElement schema, List<SpecViolation> sink, bool strict = false)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            sink.AddRange(validator.Validate(document.RootElement, schema, strict: strict));
        }
        catch (JsonException e)
        {
            sink.Add(new SpecViolation("$", $"the body is not valid JSON: {e.Message}"));
        }
    }

    private void CheckParameterValue(string raw, JsonElement schema, string path, List<SpecViolation> sink)
    {
        // Parameters arrive as text; give the schema the JSON value the text stands for.
        var types = SchemaKeywords.DeclaredTypes(validator.Dereference(schema)) ?? [];
        var literal = (types.Contains("integer") || types.Contains("number")) && IsJsonNumber(raw)
            || types.Contains("boolean") && raw is "true" or "false";
        using var document = JsonDocument.Parse(literal ? raw : JsonSerializer.Serialize(raw));
        sink.AddRange(validator.Validate(document.RootElement, schema, path));
    }

    private static bool IsJsonNumber(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.ValueKind == JsonValueKind.Number;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private IEnumerable<JsonElement> Parameters(JsonElement holder) =>
        holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("parameters", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(validator.Dereference).ToList()
            : [];
}
