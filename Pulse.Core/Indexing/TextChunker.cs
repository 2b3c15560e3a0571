namespace Pulse.Core.Indexing;

/// <summary>Splits text into chunks of at most a given size with an overlap, cutting at whitespace where it can.</summary>
public static class TextChunker
{
    /// <summary>
    /// The chunks of <paramref name="text"/>: one when it fits, else windows of <paramref name="size"/> characters
    /// that start <paramref name="overlap"/> characters before the previous one ended. At most <paramref name="maxChunks"/>.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int size, int overlap, int maxChunks = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        overlap = Math.Clamp(overlap, 0, size / 2);
        text = text.Trim();
        if (text.Length == 0) return [];
        if (text.Length <= size) return [text];

        var chunks = new List<string>();
        var start = 0;
        while (start < text.Length && chunks.Count < maxChunks)
        {
            var end = Math.Min(start + size, text.Length);
            if (end < text.Length)
            {
                // Prefer a cut at whitespace in the second half of the window; a long word is cut hard.
                var cut = text.LastIndexOfAny([' ', '\n', '\t'], end - 1, end - start - size / 2);
                if (cut > start) end = cut;
            }
            var chunk = text[start..end].Trim();
            if (chunk.Length > 0) chunks.Add(chunk);
            if (end >= text.Length) break;
            var next = Math.Max(end - overlap, start + 1);
            // Start the next chunk at a word boundary so overlaps do not begin mid-word.
            while (next > start + 1 && next < end && !char.IsWhiteSpace(text[next - 1])) next--;
            start = next <= start ? end : next;
        }
        return chunks;
    }
}
