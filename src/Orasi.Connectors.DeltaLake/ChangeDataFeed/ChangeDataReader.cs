using System.Globalization;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.Storage;
using ArrowSchema = Apache.Arrow.Schema;

namespace Orasi.Connectors.DeltaLake.ChangeDataFeed;

/// <summary>
/// Reads the change data feed of a version range: for each commit, the rows of its <c>cdc</c> files when it has any,
/// otherwise the rows of its added files as inserts and of its removed files (deletion vectors applied) as deletes;
/// each row gets <c>_change_type</c>, <c>_commit_version</c> and <c>_commit_timestamp</c>.
/// </summary>
internal static class ChangeDataReader
{
    private static readonly TimestampType CommitTimestampType = new(TimeUnit.Microsecond, "UTC");

    /// <summary>Streams the changes of versions <paramref name="fromVersion"/> to <paramref name="toVersion"/> (latest when null), inclusive.</summary>
    /// <exception cref="ValidationFailedException">The range is invalid, a commit is gone, or the change data feed was off at a version in the range.</exception>
    public static async IAsyncEnumerable<RecordBatch> ReadAsync(IObjectStore store, long fromVersion, long? toVersion, DeltaScanOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= DeltaScanOptions.Default;
        var table = store.Root.ToString();
        if (fromVersion < 0)
        {
            throw new ValidationFailedException($"The change data feed start version {fromVersion} of '{table}' is negative; versions start at 0.");
        }

        if (toVersion < fromVersion)
        {
            throw new ValidationFailedException($"The change data feed range of '{table}' ends at version {toVersion} before it starts at {fromVersion}; give --to at or after --from.");
        }

        if (options.Limit < 0)
        {
            throw new ValidationFailedException($"The row limit {options.Limit} for the change data feed of '{table}' must not be negative.");
        }

        var end = await LogReplay.LoadAsync(store, toVersion, cancellationToken).ConfigureAwait(false);
        if (fromVersion > end.Version)
        {
            throw new ValidationFailedException($"The change data feed start version {fromVersion} of '{table}' is after its latest version {end.Version}.");
        }

        var start = fromVersion == end.Version ? end : await LogReplay.LoadAsync(store, fromVersion, cancellationToken).ConfigureAwait(false);
        var commits = await ReadCommitsAsync(store, start.Metadata, fromVersion, end.Version, table, cancellationToken).ConfigureAwait(false);

        var tableColumns = end.Metadata.ParseSchema().Fields.Select(f => f.Name).ToList();
        var extra = new[] { ChangeDataSchema.ChangeType, ChangeDataSchema.CommitVersion, ChangeDataSchema.CommitTimestamp };
        var requested = options.Columns ?? tableColumns.Concat(extra).ToList();
        var scanColumns = requested.Where(c => !extra.Contains(c, StringComparer.Ordinal)).ToList();
        var scanOptions = options with { Columns = scanColumns, Limit = null };
        var dataContext = new ScanContext(end.Metadata, table);
        var changeContext = new ScanContext(ChangeDataSchema.ForChangeFiles(end.Metadata), table);
        var remaining = options.Limit ?? long.MaxValue;
        if (remaining == 0)
        {
            yield break;
        }

        foreach (var commit in commits)
        {
            var cdc = commit.Actions.OfType<AddCdcFile>().ToList();
            IEnumerable<(IAsyncEnumerable<RecordBatch> Batches, string? ChangeType)> sources;
            if (cdc.Count > 0)
            {
                var files = cdc.Select(c => new AddFile { Path = c.Path, PartitionValues = c.PartitionValues, Size = c.Size }).ToList();
                var cdcOptions = scanOptions with { Columns = [.. scanColumns, ChangeDataSchema.ChangeType] };
                sources = [(new DeltaScanner(store, changeContext, files).ScanAsync(cdcOptions, cancellationToken), null)];
            }
            else
            {
                var adds = commit.Actions.OfType<AddFile>().Where(a => a.DataChange).ToList();
                var removed = commit.Actions.OfType<RemoveFile>().Where(r => r.DataChange).ToList();

                // A file removed and re-added in one commit only changed its deletion vector: the rows newly marked are
                // deleted and the rows no longer marked are restored.
                var readded = new HashSet<string>(adds.Select(a => a.Path).Intersect(removed.Select(r => r.Path), StringComparer.Ordinal), StringComparer.Ordinal);
                var pairs = readded.Select(p => (Remove: removed.First(r => r.Path == p), Add: adds.First(a => a.Path == p))).ToList();
                var removes = removed.Where(r => !readded.Contains(r.Path))
                    .Select(r => new AddFile { Path = r.Path, PartitionValues = r.PartitionValues ?? EmptyMaps.StringToNullableString, Size = r.Size ?? 0, DeletionVector = r.DeletionVector })
                    .ToList();
                adds = adds.Where(a => !readded.Contains(a.Path)).ToList();
                sources =
                [
                    (new DeltaScanner(store, dataContext, removes).ScanAsync(scanOptions, cancellationToken), ChangeDataSchema.Delete),
                    (new DeltaScanner(store, dataContext, adds).ScanAsync(scanOptions, cancellationToken), ChangeDataSchema.Insert),
                    .. pairs.Select(p => (VectorChangesAsync(store, end.Metadata, p.Remove, p.Add, scanColumns, options.Predicate, cancellationToken), (string?)null)),
                ];
            }

            foreach (var (batches, changeType) in sources)
            {
                await foreach (var batch in batches.ConfigureAwait(false))
                {
                    var rows = changeType is null ? batch : ChangeDataSchema.WithChangeType(batch, changeType);
                    var output = Decorate(rows, commit.Version, commit.Timestamp, requested);
                    if (output.Length > remaining)
                    {
                        output = output.Slice(0, (int)remaining);
                    }

                    remaining -= output.Length;
                    if (output.Length > 0)
                    {
                        yield return output;
                    }

                    if (remaining == 0)
                    {
                        yield break;
                    }
                }
            }
        }
    }

    /// <summary>The rows of a file whose deletion vector changed: newly deleted rows as deletes, rows no longer deleted as inserts.</summary>
    private static async IAsyncEnumerable<RecordBatch> VectorChangesAsync(IObjectStore store, Metadata metadata, RemoveFile remove, AddFile add, IReadOnlyList<string> columns,
        Predicates.Predicate? predicate, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var before = remove.DeletionVector is { } oldDv ? await DeletionVectorReader.ReadAsync(store, oldDv, remove.Path, cancellationToken).ConfigureAwait(false) : [];
        var after = add.DeletionVector is { } newDv ? await DeletionVectorReader.ReadAsync(store, newDv, add.Path, cancellationToken).ConfigureAwait(false) : [];
        var deleted = new HashSet<long>(after);
        deleted.ExceptWith(before);
        var restored = new HashSet<long>(before);
        restored.ExceptWith(after);
        if (deleted.Count == 0 && restored.Count == 0)
        {
            yield break;
        }

        long rowBase = 0;
        await foreach (var batch in Operations.DataFileReader.ReadAsync(store, metadata, add with { DeletionVector = null }, cancellationToken).ConfigureAwait(false))
        {
            foreach (var (set, changeType) in new[] { (deleted, ChangeDataSchema.Delete), (restored, ChangeDataSchema.Insert) })
            {
                var picked = Enumerable.Range(0, batch.Length).Where(i => set.Contains(rowBase + i)).ToList();
                if (picked.Count == 0)
                {
                    continue;
                }

                var rows = Writing.BatchRows.Take(batch, picked);
                if (predicate is not null)
                {
                    rows = predicate.Filter(rows);
                }

                if (rows.Length == 0)
                {
                    continue;
                }

                var projected = new RecordBatch(
                    new ArrowSchema(columns.Select(c => rows.Schema.GetFieldByName(c)), null),
                    columns.Select(c => rows.Column(rows.Schema.GetFieldIndex(c))),
                    rows.Length);
                yield return ChangeDataSchema.WithChangeType(projected, changeType);
            }

            rowBase += batch.Length;
        }
    }

    private static RecordBatch Decorate(RecordBatch rows, long version, long timestampMicros, IReadOnlyList<string> requested)
    {
        var versions = new Int64Array.Builder();
        var times = new TimestampArray.Builder(CommitTimestampType);
        var stamp = DateTimeOffset.UnixEpoch.AddTicks(timestampMicros * 10);
        for (var i = 0; i < rows.Length; i++)
        {
            versions.Append(version);
            times.Append(stamp);
        }

        var fields = new List<Field>();
        var columns = new List<IArrowArray>();
        foreach (var name in requested)
        {
            if (name == ChangeDataSchema.CommitVersion)
            {
                fields.Add(new Field(name, Int64Type.Default, false));
                columns.Add(versions.Build());
            }
            else if (name == ChangeDataSchema.CommitTimestamp)
            {
                fields.Add(new Field(name, CommitTimestampType, false));
                columns.Add(times.Build());
            }
            else
            {
                var index = rows.Schema.GetFieldIndex(name);
                fields.Add(rows.Schema.GetFieldByIndex(index));
                columns.Add(rows.Column(index));
            }
        }

        return new RecordBatch(new ArrowSchema(fields, null), columns, rows.Length);
    }

    private sealed record Commit(long Version, long Timestamp, IReadOnlyList<DeltaAction> Actions);

    private static async Task<List<Commit>> ReadCommitsAsync(IObjectStore store, Metadata metadata, long from, long to, string table, CancellationToken cancellationToken)
    {
        var commits = new List<Commit>();
        for (var version = from; version <= to; version++)
        {
            var path = LogFileNames.CommitPath(version);
            ReadOnlyMemory<byte> content;
            try
            {
                content = await store.GetAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException ex)
            {
                throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"The commit file of version {version} of '{table}' is gone (log cleanup), so its changes cannot be read; start the change data feed at a later version."), ex);
            }

            var actions = DeltaActionSerializer.ParseCommit(content.Span, path);
            if (version > from && actions.OfType<Metadata>().LastOrDefault() is { } changed)
            {
                metadata = changed;
            }

            if (!ChangeDataSchema.IsEnabled(metadata))
            {
                throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"The change data feed is not enabled on the Delta table '{table}' at version {version} (delta.enableChangeDataFeed is not true), so changes from version {from} to {to} cannot be read; read a range where it was enabled, or enable it for future changes."));
            }

            var info = actions.OfType<CommitInfo>().FirstOrDefault();
            var millis = info?.InCommitTimestamp ?? info?.Timestamp
                ?? (await store.HeadAsync(path, cancellationToken).ConfigureAwait(false))?.LastModified.ToUnixTimeMilliseconds() ?? 0;
            commits.Add(new Commit(version, millis * 1000, actions));
        }

        return commits;
    }
}
