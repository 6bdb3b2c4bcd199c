namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>What a file tracked by a manifest holds.</summary>
public enum DataFileContent
{
    /// <summary>Table rows.</summary>
    Data = 0,
    /// <summary>Position deletes (a position delete file or, in v3, a deletion vector).</summary>
    PositionDeletes = 1,
    /// <summary>Equality deletes.</summary>
    EqualityDeletes = 2,
}
