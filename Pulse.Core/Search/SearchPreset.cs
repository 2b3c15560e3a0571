namespace Pulse.Core.Search;

/// <summary>A ready-made query the page offers (seed 003's hybrid queries); the collection stays the page's choice.</summary>
/// <param name="Key">Stable id for links and tests.</param>
/// <param name="Name">What the picker shows.</param>
/// <param name="Description">What it demonstrates.</param>
/// <param name="Request">Its parameters (without a collection).</param>
public sealed record SearchPreset(string Key, string Name, string Description, SearchRequest Request);
