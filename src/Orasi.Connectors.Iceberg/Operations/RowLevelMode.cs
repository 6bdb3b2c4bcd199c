namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>How a row-level operation (delete, upsert) changes existing data files.</summary>
public enum RowLevelMode
{
    /// <summary>
    /// Follow the table properties: <c>write.delete.mode</c> for deletes (default copy-on-write) and
    /// <c>write.upsert.mode</c>, then <c>write.update.mode</c>, for upserts (default merge-on-read on v2 tables).
    /// </summary>
    TableDefault,

    /// <summary>Rewrite affected data files without the changed rows.</summary>
    CopyOnWrite,

    /// <summary>Keep data files and add delete files (position deletes for deletes, equality deletes for upserts); v2 tables only.</summary>
    MergeOnRead,
}
