namespace Pulse.Core.Indexing;

/// <summary>A record that kept failing in this batch, with the error to show.</summary>
internal sealed record ParkedRecord(int RecordId, string Error);
