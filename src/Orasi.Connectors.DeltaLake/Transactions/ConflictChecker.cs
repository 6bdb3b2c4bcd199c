using System.Globalization;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Transactions;

/// <summary>
/// Decides whether a transaction can be rebased on top of a commit that won the race for its version, following
/// Delta's conflict detection: a concurrent protocol or metadata change always conflicts; concurrent appends conflict
/// only with transactions that read data the new files could belong to; concurrent removes conflict with
/// transactions that read or also removed those files; a concurrent <c>txn</c> for one of our application ids and
/// a concurrent change of one of our metadata domains conflict.
/// </summary>
internal static class ConflictChecker
{
    /// <summary>Throws <see cref="CommitConflictException"/> when <paramref name="winning"/> conflicts with <paramref name="transaction"/>.</summary>
    public static void Check(DeltaTransaction transaction, long winningVersion, IReadOnlyList<DeltaAction> winning)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(winning);
        var table = transaction.TableUri;
        var ours = $"this {transaction.Operation} (read version {transaction.ReadVersion.ToString(CultureInfo.InvariantCulture)})";
        var theirs = $"the concurrent commit {winningVersion.ToString(CultureInfo.InvariantCulture)}{Describe(winning)}";
        string Fail(string kind, string detail) =>
            $"Commit conflict on the Delta table '{table}' ({kind}): {theirs} {detail}, which conflicts with {ours}; re-read the table and retry the operation.";

        if (winning.OfType<ProtocolAction>().Any())
        {
            throw new CommitConflictException(Fail("ProtocolChanged", "changed the protocol"));
        }

        if (winning.OfType<Metadata>().Any())
        {
            throw new CommitConflictException(Fail("MetadataChanged", "changed the table metadata (schema, partitioning or properties)"));
        }

        var metadata = transaction.ReadState?.Metadata;
        if (metadata is not null && transaction.ReadsData)
        {
            var schema = metadata.ParseSchema();
            foreach (var add in winning.OfType<AddFile>().Where(a => a.DataChange))
            {
                if (transaction.ReadsWholeTable)
                {
                    throw new CommitConflictException(Fail("ConcurrentAppend", $"added the file '{add.Path}' to data this transaction read (the whole table)"));
                }

                var statistics = new AddFileStatistics(add, metadata, schema);
                var matching = transaction.ReadPredicates.FirstOrDefault(p => p.CanMatch(statistics));
                if (matching is not null)
                {
                    throw new CommitConflictException(Fail("ConcurrentAppend", $"added the file '{add.Path}' that may hold rows matching '{matching}', which this transaction read"));
                }
            }
        }

        var ourRemoves = new HashSet<string>(transaction.Actions.OfType<RemoveFile>().Select(r => r.Path), StringComparer.Ordinal);
        foreach (var remove in winning.OfType<RemoveFile>())
        {
            if (ourRemoves.Contains(remove.Path))
            {
                throw new CommitConflictException(Fail("ConcurrentDeleteDelete", $"also removed the file '{remove.Path}'"));
            }

            if (remove.DataChange && transaction.ReadFilePaths.Contains(remove.Path))
            {
                throw new CommitConflictException(Fail("ConcurrentDeleteRead", $"removed the file '{remove.Path}' that this transaction read"));
            }
        }

        var ourApps = new HashSet<string>(transaction.Actions.OfType<SetTransaction>().Select(t => t.AppId), StringComparer.Ordinal);
        foreach (var txn in winning.OfType<SetTransaction>().Where(t => ourApps.Contains(t.AppId)))
        {
            throw new CommitConflictException(Fail("ConcurrentTransaction", $"recorded version {txn.Version.ToString(CultureInfo.InvariantCulture)} of application '{txn.AppId}'"));
        }

        var ourDomains = new HashSet<string>(transaction.Actions.OfType<DomainMetadata>().Select(d => d.Domain), StringComparer.Ordinal);
        foreach (var domain in winning.OfType<DomainMetadata>().Where(d => ourDomains.Contains(d.Domain)))
        {
            throw new CommitConflictException(Fail("ConcurrentDomainMetadata", $"changed the metadata domain '{domain.Domain}'"));
        }
    }

    private static string Describe(IReadOnlyList<DeltaAction> actions) =>
        actions.OfType<CommitInfo>().FirstOrDefault()?.Operation is { } op ? $" ({op})" : string.Empty;
}
