using Xunit;

namespace Pulse.Testing.OpenApi;

/// <summary>
/// A fact that needs the published specifications: it is reported as skipped, with the reason,
/// when <c>../shared/specs</c> (or the named file in it) is absent. xunit 2 has no dynamic skip,
/// and returning early would report a pass that checked nothing.
/// </summary>
public sealed class SpecFactAttribute : FactAttribute
{
    /// <summary>Skips the test when the specs folder is missing.</summary>
    public SpecFactAttribute()
        : this(null)
    {
    }

    /// <summary>Skips the test when the specs folder or <paramref name="specFile"/> in it is missing.</summary>
    public SpecFactAttribute(string? specFile)
    {
        // xunit reads Skip from the constructed attribute, so deciding here is enough.
        var reason = SpecsFolder.SkipReason(specFile);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
