namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>What a manifest lists.</summary>
public enum ManifestContent
{
    /// <summary>Data files.</summary>
    Data = 0,
    /// <summary>Delete files.</summary>
    Deletes = 1,
}
