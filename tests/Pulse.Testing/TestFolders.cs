namespace Pulse.Testing;

/// <summary>Clean-up of the temporary folders tests and fixtures make.</summary>
public static class TestFolders
{
    /// <summary>
    /// Deletes <paramref name="path"/> and everything in it, trying again for a moment while a process that just stopped
    /// (a PostgreSQL server, a child portal) still closes files; a folder that cannot be deleted is left in the temporary
    /// folder rather than failing the test or its fixture.
    /// </summary>
    public static void TryDelete(string? path)
    {
        if (string.IsNullOrEmpty(path)) return;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(200 * (attempt + 1));
            }
        }
    }
}
