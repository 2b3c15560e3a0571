namespace Pulse.Core.Collections.Filtering;

/// <summary>How a group combines its rules: all must hold (must), any may (should), or none may (must_not).</summary>
public enum FilterCombinator
{
    All,
    Any,
    None,
}
