using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Transactions;

/// <summary>
/// One change to table metadata (the REST catalog's <c>TableUpdate</c>); <see cref="TableMetadataBuilder"/> applies them in order.
/// </summary>
public abstract record TableUpdate
{
    private TableUpdate()
    {
    }

    /// <summary>The REST action name (<c>add-schema</c>, <c>add-snapshot</c>, ...).</summary>
    public abstract string Action { get; }

    internal abstract void ApplyTo(TableMetadataBuilder builder);

    /// <summary>Adds a schema; new field ids must be above the last assigned id or already known.</summary>
    /// <param name="Schema">The schema (its id is reassigned when it collides).</param>
    /// <param name="LastColumnId">The new last assigned column id, or null to derive it from the schema.</param>
    public sealed record AddSchema(IcebergSchema Schema, int? LastColumnId = null) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "add-schema";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.AddSchema(Schema, LastColumnId);
    }

    /// <summary>Sets the current schema; -1 means the schema added last in this commit.</summary>
    /// <param name="SchemaId">The schema id or -1.</param>
    public sealed record SetCurrentSchema(int SchemaId) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "set-current-schema";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.SetCurrentSchema(SchemaId);
    }

    /// <summary>Adds a partition spec.</summary>
    /// <param name="Spec">The spec (its id is reassigned when it collides).</param>
    public sealed record AddSpec(PartitionSpec Spec) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "add-spec";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.AddSpec(Spec);
    }

    /// <summary>Sets the default partition spec; -1 means the spec added last in this commit.</summary>
    /// <param name="SpecId">The spec id or -1.</param>
    public sealed record SetDefaultSpec(int SpecId) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "set-default-spec";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.SetDefaultSpec(SpecId);
    }

    /// <summary>Adds a sort order.</summary>
    /// <param name="SortOrder">The sort order.</param>
    public sealed record AddSortOrder(SortOrder SortOrder) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "add-sort-order";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.AddSortOrder(SortOrder);
    }

    /// <summary>Sets the default sort order; -1 means the order added last in this commit.</summary>
    /// <param name="SortOrderId">The order id or -1.</param>
    public sealed record SetDefaultSortOrder(int SortOrderId) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "set-default-sort-order";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.SetDefaultSortOrder(SortOrderId);
    }

    /// <summary>Adds a snapshot (it becomes reachable through <see cref="SetSnapshotRef"/>).</summary>
    /// <param name="Snapshot">The snapshot.</param>
    public sealed record AddSnapshot(Snapshot Snapshot) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "add-snapshot";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.AddSnapshot(Snapshot);
    }

    /// <summary>Points a branch or tag at a snapshot (setting <c>main</c> changes the current snapshot).</summary>
    /// <param name="RefName">The ref name.</param>
    /// <param name="Ref">The ref.</param>
    public sealed record SetSnapshotRef(string RefName, SnapshotRef Ref) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "set-snapshot-ref";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.SetRef(RefName, Ref);
    }

    /// <summary>Removes snapshots (and refs pointing at them).</summary>
    /// <param name="SnapshotIds">The snapshot ids.</param>
    public sealed record RemoveSnapshots(IReadOnlyList<long> SnapshotIds) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "remove-snapshots";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.RemoveSnapshots(SnapshotIds);
    }

    /// <summary>Removes a branch or tag (removing <c>main</c> clears the current snapshot).</summary>
    /// <param name="RefName">The ref name.</param>
    public sealed record RemoveSnapshotRef(string RefName) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "remove-snapshot-ref";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.RemoveRef(RefName);
    }

    /// <summary>Sets table properties.</summary>
    /// <param name="Updates">The properties to set.</param>
    public sealed record SetProperties(IReadOnlyDictionary<string, string> Updates) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "set-properties";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.SetProperties(Updates);
    }

    /// <summary>Removes table properties.</summary>
    /// <param name="Removals">The keys to remove.</param>
    public sealed record RemoveProperties(IReadOnlyList<string> Removals) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "remove-properties";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.RemoveProperties(Removals);
    }

    /// <summary>Sets the table location.</summary>
    /// <param name="Location">The new location.</param>
    public sealed record SetLocation(string Location) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "set-location";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.SetLocation(Location);
    }

    /// <summary>Upgrades the format version (never downgrades).</summary>
    /// <param name="FormatVersion">The new version.</param>
    public sealed record UpgradeFormatVersion(int FormatVersion) : TableUpdate
    {
        /// <inheritdoc />
        public override string Action => "upgrade-format-version";

        internal override void ApplyTo(TableMetadataBuilder builder) => builder.UpgradeFormatVersion(FormatVersion);
    }
}
