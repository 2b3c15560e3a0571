namespace Pulse.Testing.OpenApi;

/// <summary>
/// One way a request or response departs from a published API specification:
/// where (a JSON path such as <c>$.points[0].vector</c>, or <c>query.wait</c>) and what is wrong.
/// </summary>
/// <param name="Path">The JSON path of the offending value, or the request part it concerns.</param>
/// <param name="Message">A readable explanation, such as <c>expected array, got string</c>.</param>
public sealed record SpecViolation(string Path, string Message)
{
    /// <summary>Formats the violation as <c>path: message</c>, the form test failures print.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
