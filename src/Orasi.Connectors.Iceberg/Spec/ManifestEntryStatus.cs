namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>The status of a manifest entry.</summary>
public enum ManifestEntryStatus
{
    /// <summary>The file was added by an earlier snapshot.</summary>
    Existing = 0,
    /// <summary>The file was added by the manifest's snapshot.</summary>
    Added = 1,
    /// <summary>The file was deleted by the manifest's snapshot.</summary>
    Deleted = 2,
}
