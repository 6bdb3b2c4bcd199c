using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Transactions;

/// <summary>
/// A precondition of a commit, checked against the table's current metadata before updates are applied
/// (the REST catalog's <c>TableRequirement</c>). A failed requirement means a concurrent commit changed the table.
/// </summary>
public abstract record TableRequirement
{
    private TableRequirement()
    {
    }

    /// <summary>The REST type name (<c>assert-create</c>, <c>assert-ref-snapshot-id</c>, ...).</summary>
    public abstract string Type { get; }

    /// <summary>Checks the requirement against the current metadata (null when the table does not exist).</summary>
    /// <exception cref="CommitConflictException">The requirement does not hold.</exception>
    public abstract void Validate(TableMetadata? current);

    private static TableMetadata Existing(TableMetadata? current, string type) =>
        current ?? throw new CommitConflictException($"Requirement {type} failed: the table does not exist; create it first.");

    private static CommitConflictException Failed(string type, string detail) =>
        new($"Requirement {type} failed: {detail}; reload the table and retry the operation.");

    /// <summary>The table must not exist yet.</summary>
    public sealed record AssertCreate : TableRequirement
    {
        /// <inheritdoc />
        public override string Type => "assert-create";

        /// <inheritdoc />
        public override void Validate(TableMetadata? current)
        {
            if (current is not null) throw new CommitConflictException("Requirement assert-create failed: the table already exists; load it instead of creating it.");
        }
    }

    /// <summary>The table UUID must match.</summary>
    /// <param name="Uuid">The expected UUID.</param>
    public sealed record AssertTableUuid(Guid Uuid) : TableRequirement
    {
        /// <inheritdoc />
        public override string Type => "assert-table-uuid";

        /// <inheritdoc />
        public override void Validate(TableMetadata? current)
        {
            var m = Existing(current, Type);
            if (m.TableUuid != Uuid) throw Failed(Type, $"the table UUID is {m.TableUuid}, not {Uuid} (the table was replaced)");
        }
    }

    /// <summary>A ref must point at the given snapshot (null: the ref must not exist).</summary>
    /// <param name="Ref">The branch or tag name.</param>
    /// <param name="SnapshotId">The expected snapshot id, or null when the ref must not exist.</param>
    public sealed record AssertRefSnapshotId(string Ref, long? SnapshotId) : TableRequirement
    {
        /// <inheritdoc />
        public override string Type => "assert-ref-snapshot-id";

        /// <inheritdoc />
        public override void Validate(TableMetadata? current)
        {
            var actual = Existing(current, Type).Ref(Ref)?.SnapshotId;
            if (actual != SnapshotId)
            {
                throw Failed(Type, $"ref '{Ref}' points at {(actual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing")}, expected {(SnapshotId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing")} (a concurrent commit changed it)");
            }
        }
    }

    /// <summary>The table's last assigned column id must match.</summary>
    /// <param name="LastAssignedFieldId">The expected id.</param>
    public sealed record AssertLastAssignedFieldId(int LastAssignedFieldId) : TableRequirement
    {
        /// <inheritdoc />
        public override string Type => "assert-last-assigned-field-id";

        /// <inheritdoc />
        public override void Validate(TableMetadata? current)
        {
            var m = Existing(current, Type);
            if (m.LastColumnId != LastAssignedFieldId) throw Failed(Type, $"last-column-id is {m.LastColumnId}, expected {LastAssignedFieldId}");
        }
    }

    /// <summary>The current schema id must match.</summary>
    /// <param name="CurrentSchemaId">The expected id.</param>
    public sealed record AssertCurrentSchemaId(int CurrentSchemaId) : TableRequirement
    {
        /// <inheritdoc />
        public override string Type => "assert-current-schema-id";

        /// <inheritdoc />
        public override void Validate(TableMetadata? current)
        {
            var m = Existing(current, Type);
            if (m.CurrentSchemaId != CurrentSchemaId) throw Failed(Type, $"current-schema-id is {m.CurrentSchemaId}, expected {CurrentSchemaId}");
        }
    }

    /// <summary>The table's last assigned partition field id must match.</summary>
    /// <param name="LastAssignedPartitionId">The expected id.</param>
    public sealed record AssertLastAssignedPartitionId(int LastAssignedPartitionId) : TableRequirement
    {
        /// <inheritdoc />
        public override string Type => "assert-last-assigned-partition-id";

        /// <inheritdoc />
        public override void Validate(TableMetadata? current)
        {
            var m = Existing(current, Type);
            if (m.LastPartitionId != LastAssignedPartitionId) throw Failed(Type, $"last-partition-id is {m.LastPartitionId}, expected {LastAssignedPartitionId}");
        }
    }

    /// <summary>The default partition spec id must match.</summary>
    /// <param name="DefaultSpecId">The expected id.</param>
    public sealed record AssertDefaultSpecId(int DefaultSpecId) : TableRequirement
    {
        /// <inheritdoc />
        public override string Type => "assert-default-spec-id";

        /// <inheritdoc />
        public override void Validate(TableMetadata? current)
        {
            var m = Existing(current, Type);
            if (m.DefaultSpecId != DefaultSpecId) throw Failed(Type, $"default-spec-id is {m.DefaultSpecId}, expected {DefaultSpecId}");
        }
    }

    /// <summary>The default sort order id must match.</summary>
    /// <param name="DefaultSortOrderId">The expected id.</param>
    public sealed record AssertDefaultSortOrderId(int DefaultSortOrderId) : TableRequirement
    {
        /// <inheritdoc />
        public override string Type => "assert-default-sort-order-id";

        /// <inheritdoc />
        public override void Validate(TableMetadata? current)
        {
            var m = Existing(current, Type);
            if (m.DefaultSortOrderId != DefaultSortOrderId) throw Failed(Type, $"default-sort-order-id is {m.DefaultSortOrderId}, expected {DefaultSortOrderId}");
        }
    }
}
