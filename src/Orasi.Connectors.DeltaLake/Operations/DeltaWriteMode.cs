namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>What a write does when the table already exists.</summary>
public enum DeltaWriteMode
{
    /// <summary>Add the rows to the table (create it when missing).</summary>
    Append,

    /// <summary>Replace the table's rows (all of them, or those matching <see cref="DeltaWriteOptions.ReplaceWhere"/>).</summary>
    Overwrite,

    /// <summary>Fail with <see cref="ValidationFailedException"/> when the table exists.</summary>
    ErrorIfExists,

    /// <summary>Do nothing when the table exists.</summary>
    Ignore,
}
