namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>How data file columns are matched to the table schema (table property <c>delta.columnMapping.mode</c>).</summary>
public enum ColumnMappingMode
{
    /// <summary>Columns are matched by display name.</summary>
    None,

    /// <summary>Columns are matched by Parquet field id (<c>delta.columnMapping.id</c>).</summary>
    Id,

    /// <summary>Columns are matched by physical name (<c>delta.columnMapping.physicalName</c>).</summary>
    Name,
}
