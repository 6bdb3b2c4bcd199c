using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>Rewrites a manifest's entries for a commit that removes some of its files.</summary>
internal static class ManifestEntryRemoval
{
    /// <summary>
    /// The live entries of a manifest for the next snapshot: those whose path is in <paramref name="removed"/> become
    /// DELETED by <paramref name="snapshotId"/> (and are recorded in <paramref name="found"/>), the rest EXISTING;
    /// null when the manifest holds none of the removed files (it can then be kept as it is).
    /// </summary>
    public static List<ManifestEntry>? MarkRemoved(IReadOnlyList<ManifestEntry> entries, IReadOnlySet<string> removed, long snapshotId, ISet<string> found)
    {
        if (!entries.Any(e => e.Status != ManifestEntryStatus.Deleted && removed.Contains(e.DataFile.FilePath)))
        {
            return null;
        }

        return entries.Where(e => e.Status != ManifestEntryStatus.Deleted).Select(e =>
        {
            if (removed.Contains(e.DataFile.FilePath))
            {
                found.Add(e.DataFile.FilePath);
                return e with { Status = ManifestEntryStatus.Deleted, SnapshotId = snapshotId };
            }

            return e with { Status = ManifestEntryStatus.Existing };
        }).ToList();
    }
}
