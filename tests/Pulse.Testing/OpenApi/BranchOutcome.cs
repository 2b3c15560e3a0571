using System.Text.Json;

namespace Pulse.Testing.OpenApi;

/// <summary>How one failed <c>anyOf</c>/<c>oneOf</c> branch (after following its <c>$ref</c>s) rejected a value.</summary>
internal sealed record BranchOutcome(JsonElement Schema, List<SpecViolation> Violations);
