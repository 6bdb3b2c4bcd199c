using System.Globalization;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>
/// RESTORE: one commit that makes the live files equal to those of an earlier version — removes the files the target
/// did not have and re-adds the target's files that are gone now (both with <c>dataChange=true</c>) — and restores the
/// target's metadata; the protocol is never downgraded. Files the target needs are checked to exist first.
/// </summary>
internal static class Restorer
{
    public static async Task<DeltaRestoreResult> RunAsync(IObjectStore store, long? version, DateTimeOffset? timestamp, DeltaCommitProperties? commitProperties,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var table = store.Root.ToString();
        var current = await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        var targetVersion = version ?? await CommitTimeline.VersionAtAsync(store, current,
            timestamp ?? throw new ArgumentException("Give a version or a timestamp to restore to."), cancellationToken).ConfigureAwait(false);
        if (targetVersion > current.Version || targetVersion < 0)
        {
            throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture,
                $"Cannot restore the Delta table '{table}' to version {targetVersion}: the latest version is {current.Version}; choose a version from the table's history."));
        }

        var target = await LogReplay.LoadAsync(store, targetVersion, cancellationToken).ConfigureAwait(false);
        var removed = current.Files.Where(f => !target.Files.ContainsKey(f.Key)).Select(f => f.Value).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var restored = target.Files.Where(f => !current.Files.ContainsKey(f.Key)).Select(f => f.Value).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        await EnsureFilesExistAsync(store, restored, targetVersion, cancellationToken).ConfigureAwait(false);

        var metadataChanged = !SameAction(current.Metadata, target.Metadata);
        var protocol = MergeProtocol(current.Protocol, target.Protocol);
        if (removed.Count == 0 && restored.Count == 0 && !metadataChanged && protocol is null)
        {
            return new DeltaRestoreResult(current.Version, targetVersion, false, 0, 0, 0, 0);
        }

        var transaction = new DeltaTransaction(store, current, commitProperties) { Operation = "RESTORE" };
        transaction.ReadWholeTable();
        transaction.ReadFiles(current.Files.Values);
        if (protocol is not null)
        {
            transaction.Add(protocol);
        }

        if (metadataChanged)
        {
            transaction.Add(target.Metadata);
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        transaction.AddRange(removed.Select(f => new RemoveFile
        {
            Path = f.Path,
            DeletionTimestamp = now,
            DataChange = true,
            ExtendedFileMetadata = true,
            PartitionValues = f.PartitionValues,
            Size = f.Size,
            Stats = f.Stats,
            Tags = f.Tags,
            DeletionVector = f.DeletionVector,
            BaseRowId = f.BaseRowId,
            DefaultRowCommitVersion = f.DefaultRowCommitVersion,
        }));
        transaction.AddRange(restored.Select(f => f with { DataChange = true }));
        if (version is not null)
        {
            transaction.OperationParameters["version"] = targetVersion.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            transaction.OperationParameters["timestamp"] = timestamp!.Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        var metrics = transaction.OperationMetrics;
        metrics["numRemovedFiles"] = removed.Count;
        metrics["numRestoredFiles"] = restored.Count;
        metrics["removedFilesSize"] = removed.Sum(f => f.Size);
        metrics["restoredFilesSize"] = restored.Sum(f => f.Size);
        metrics["numOfFilesAfterRestore"] = target.Files.Count;
        metrics["tableSizeAfterRestore"] = target.Files.Values.Sum(f => f.Size);
        var committed = await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DeltaRestoreResult(committed, targetVersion, true, removed.Count, restored.Count, removed.Sum(f => f.Size), restored.Sum(f => f.Size));
    }

    private static async Task EnsureFilesExistAsync(IObjectStore store, IReadOnlyList<AddFile> files, long targetVersion, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        foreach (var file in files)
        {
            if (DeltaPaths.ToTablePath(file.Path, store.Root) is { } path)
            {
                paths.Add(path);
            }

            if (file.DeletionVector is { StorageType: "u" } dv)
            {
                paths.Add(dv.RelativePath());
            }
        }

        var missing = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (path, token) =>
        {
            if (await store.HeadAsync(path, token).ConfigureAwait(false) is null)
            {
                missing.Add(path);
            }
        }).ConfigureAwait(false);
        if (!missing.IsEmpty)
        {
            var first = missing.Order(StringComparer.Ordinal).First();
            throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture,
                $"Cannot restore the Delta table '{store.Root}' to version {targetVersion}: {missing.Count} file(s) it needs are gone (for example '{first}'), probably removed by VACUUM; restore to a later version whose files still exist."));
        }
    }

    /// <summary>The protocol that satisfies both, or null when <paramref name="current"/> already covers <paramref name="target"/> (never a downgrade).</summary>
    internal static ProtocolAction? MergeProtocol(ProtocolAction current, ProtocolAction target)
    {
        var readerFeatures = (current.ReaderFeatures ?? []).Union(target.ReaderFeatures ?? [], StringComparer.Ordinal).ToList();
        var writerFeatures = (current.WriterFeatures ?? []).Union(target.WriterFeatures ?? [], StringComparer.Ordinal).ToList();
        var covered = current.MinReaderVersion >= target.MinReaderVersion && current.MinWriterVersion >= target.MinWriterVersion
            && readerFeatures.Count == (current.ReaderFeatures?.Count ?? 0) && writerFeatures.Count == (current.WriterFeatures?.Count ?? 0);
        if (covered)
        {
            return null;
        }

        var reader = Math.Max(current.MinReaderVersion, target.MinReaderVersion);
        var writer = Math.Max(current.MinWriterVersion, target.MinWriterVersion);
        return new ProtocolAction
        {
            MinReaderVersion = reader,
            MinWriterVersion = writer,
            ReaderFeatures = reader >= 3 ? readerFeatures : null,
            WriterFeatures = writer >= 7 ? writerFeatures : null,
        };
    }

    private static bool SameAction(DeltaAction a, DeltaAction b) =>
        DeltaActionSerializer.SerializeCommit([a]).AsSpan().SequenceEqual(DeltaActionSerializer.SerializeCommit([b]));
}
