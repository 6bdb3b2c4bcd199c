namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>How a write treats data whose schema differs from the table's.</summary>
public enum DeltaSchemaMode
{
    /// <summary>The data must match the table schema; otherwise the write fails with <see cref="ValidationFailedException"/>.</summary>
    None,

    /// <summary>New columns in the data are added to the table schema as nullable columns.</summary>
    Merge,

    /// <summary>The table schema is replaced by the data's schema; only with <see cref="DeltaWriteMode.Overwrite"/>.</summary>
    Overwrite,
}
