using System.Globalization;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;

using Orasi.Connectors.DeltaLake.Writing;

namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>DELETE, UPDATE and MERGE by predicate on a loaded table state (see <see cref="DmlRun"/> for how files change).</summary>
internal static class DmlOperations
{
    /// <summary>Deletes the rows matching <paramref name="predicate"/> (every row when null).</summary>
    public static async Task<DeltaDmlResult> DeleteAsync(IObjectStore store, TableState? state, Predicate? predicate, DeltaCommitProperties? commitProperties, CancellationToken cancellationToken)
    {
        state ??= await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        await using var run = new DmlRun(store, state, "DELETE", commitProperties);
        var transaction = run.Transaction;
        transaction.OperationParameters["predicate"] = predicate?.ToString() ?? "true";
        if (predicate is null)
        {
            transaction.ReadWholeTable();
            transaction.ReadFiles(state.Files.Values);
            foreach (var add in state.Files.Values)
            {
                if (run.ChangeDataFeed)
                {
                    await run.ProcessFileAsync(add, rows => new RowChanges(Enumerable.Range(0, rows.Length).ToList(), [], null), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    run.RemoveWhole(add, DmlRun.LiveRows(add));
                }
            }
        }
        else
        {
            foreach (var add in Candidates(run, predicate))
            {
                await run.ProcessFileAsync(add, rows => new RowChanges(Matching(predicate, rows), [], null), cancellationToken).ConfigureAwait(false);
            }
        }

        return await run.CommitAsync(new Dictionary<string, long>(StringComparer.Ordinal) { ["numDeletedRows"] = run.Deleted }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Sets columns of the rows matching <paramref name="predicate"/> (every row when null).</summary>
    public static async Task<DeltaDmlResult> UpdateAsync(IObjectStore store, TableState? state, Predicate? predicate, IReadOnlyDictionary<string, DeltaExpression> set,
        DeltaCommitProperties? commitProperties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        state ??= await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        await using var run = new DmlRun(store, state, "UPDATE", commitProperties);
        if (set.Count == 0)
        {
            throw new ValidationFailedException($"The update of '{run.Table}' sets no column; give at least one column and its new value.");
        }

        var resolved = new Dictionary<string, DeltaExpression>(StringComparer.Ordinal);
        foreach (var (key, expression) in set)
        {
            resolved[ResolveAssignments(run, [key], "update").Single()] = expression ?? throw new ValidationFailedException($"The new value of the column '{key}' is null; use DeltaExpression.Literal(null) to set nulls.");
        }

        var transaction = run.Transaction;
        transaction.OperationParameters["predicate"] = predicate?.ToString() ?? "true";
        IEnumerable<AddFile> files;
        if (predicate is null)
        {
            transaction.ReadWholeTable();
            files = state.Files.Values.ToList();
            transaction.ReadFiles(files);
        }
        else
        {
            files = Candidates(run, predicate);
        }

        foreach (var add in files)
        {
            await run.ProcessFileAsync(add, rows =>
            {
                var matched = predicate is null ? Enumerable.Range(0, rows.Length).ToList() : Matching(predicate, rows);
                if (matched.Count == 0)
                {
                    return RowChanges.None;
                }

                var old = BatchRows.Take(rows, matched);
                var columns = new IArrowArray[run.Schema.Fields.Count];
                for (var i = 0; i < columns.Length; i++)
                {
                    var field = run.Schema.Fields[i];
                    columns[i] = resolved.TryGetValue(field.Name, out var expression)
                        ? expression.Evaluate(old, field, run.Logical.FieldsList[i].DataType, run.Table)
                        : old.Column(i);
                }

                return new RowChanges([], matched, new RecordBatch(run.Logical, columns, old.Length));
            }, cancellationToken).ConfigureAwait(false);
        }

        return await run.CommitAsync(new Dictionary<string, long>(StringComparer.Ordinal) { ["numUpdatedRows"] = run.Updated }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Merges <paramref name="source"/> into the table.</summary>
    public static async Task<DeltaDmlResult> MergeAsync(IObjectStore store, TableState? state, IAsyncEnumerable<RecordBatch> source, DeltaMergeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        state ??= await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        await using var run = new DmlRun(store, state, "MERGE", options.CommitProperties);
        var table = run.Table;
        if (options.On is null || options.On.Count == 0)
        {
            throw new ValidationFailedException($"The merge into '{table}' has no key columns; set On to the columns that identify a row.");
        }

        if (options.WhenMatchedUpdate is null && options.WhenMatchedDelete is null && options.WhenNotMatchedInsert is null)
        {
            throw new ValidationFailedException($"The merge into '{table}' has no clause; set WhenMatchedUpdate, WhenMatchedDelete or WhenNotMatchedInsert.");
        }

        if (options.WhenMatchedUpdate is not null && options.WhenMatchedDelete is { Condition: null })
        {
            throw new ValidationFailedException($"The merge into '{table}' has an unconditional WhenMatchedDelete, so WhenMatchedUpdate could never apply; give the delete a condition or drop the update.");
        }

        var batches = new List<RecordBatch>();
        await foreach (var batch in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (batches.Count > 0 && !SameSchema(batches[0].Schema, batch.Schema))
            {
                throw new ValidationFailedException($"The merge source for '{table}' changes schema between batches; give every batch the same columns and types.");
            }

            batches.Add(batch);
        }

        if (batches.Count == 0)
        {
            return new DeltaDmlResult(state.Version, true, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        var src = DmlValues.Concat(batches, batches[0].Schema);
        var keys = ResolveAssignments(run, options.On, "merge key").ToList();
        foreach (var key in keys)
        {
            if (src.Schema.GetFieldIndex(key) < 0)
            {
                throw new ValidationFailedException($"The merge key '{key}' is not a column of the source data for '{table}'; the source columns are: {string.Join(", ", src.Schema.FieldsList.Select(f => f.Name))}.");
            }
        }

        var updateColumns = options.WhenMatchedUpdate is { } update
            ? (update.Columns is null ? run.Schema.Fields.Select(f => f.Name).ToList() : ResolveAssignments(run, update.Columns, "merge update").ToList())
            : [];
        foreach (var column in updateColumns)
        {
            if (src.Schema.GetFieldIndex(column) < 0)
            {
                throw new ValidationFailedException($"The merge into '{table}' updates the column '{column}' from the source, which has no such column; add it to the source or list the columns to update.");
            }
        }

        var sourceKeys = KeyStrings(src, keys);
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < sourceKeys.Length; i++)
        {
            if (sourceKeys[i] is { } k)
            {
                if (!index.TryGetValue(k, out var list))
                {
                    index[k] = list = [];
                }

                list.Add(i);
            }
        }

        var matchedSource = new bool[src.Length];
        var hasMatchedClause = options.WhenMatchedUpdate is not null || options.WhenMatchedDelete is not null;
        var transaction = run.Transaction;
        transaction.ReadWholeTable();
        var files = state.Files.Values.ToList();
        transaction.ReadFiles(files);
        transaction.OperationParameters["predicate"] = string.Join(" and ", keys.Select(k => $"source.{k} = target.{k}"));
        transaction.OperationParameters["matchedPredicates"] = JsonSerializer.Serialize(Clauses(options));
        transaction.OperationParameters["notMatchedPredicates"] = JsonSerializer.Serialize(
            options.WhenNotMatchedInsert is { } ins ? new[] { new Dictionary<string, string> { ["actionType"] = "insert", ["predicate"] = ins.Condition?.ToString() ?? "true" } } : []);
        var fieldTypes = run.Logical.FieldsList;

        foreach (var add in files)
        {
            await run.ProcessFileAsync(add, rows =>
            {
                var targetKeys = KeyStrings(rows, keys);
                var pairTarget = new List<int>();
                var pairSource = new List<int>();
                for (var r = 0; r < rows.Length; r++)
                {
                    if (targetKeys[r] is not { } k || !index.TryGetValue(k, out var matches))
                    {
                        continue;
                    }

                    if (matches.Count > 1 && hasMatchedClause)
                    {
                        throw new ValidationFailedException(
                            $"The merge into '{table}' failed: {matches.Count.ToString(CultureInfo.InvariantCulture)} source rows matched the same target row (key {DescribeKey(keys, k)}), so it is ambiguous how to update or delete it; remove duplicate keys from the source.");
                    }

                    foreach (var m in matches)
                    {
                        matchedSource[m] = true;
                    }

                    pairTarget.Add(r);
                    pairSource.Add(matches[0]);
                }

                if (pairTarget.Count == 0 || !hasMatchedClause)
                {
                    return RowChanges.None;
                }

                var targetRows = BatchRows.Take(rows, pairTarget);
                var sourceRows = BatchRows.Take(src, pairSource);
                var view = DmlValues.Zip(DmlValues.Prefixed(targetRows, "target"), DmlValues.Prefixed(sourceRows, "source"));
                var deleteMask = options.WhenMatchedDelete is { } del ? DmlValues.Holds(del.Condition, view) : new bool[view.Length];
                var updateMask = options.WhenMatchedUpdate is { } upd ? DmlValues.Holds(upd.Condition, view) : new bool[view.Length];
                var deleted = new List<int>();
                var updatedPairs = new List<int>();
                for (var p = 0; p < pairTarget.Count; p++)
                {
                    if (deleteMask[p])
                    {
                        deleted.Add(pairTarget[p]);
                    }
                    else if (updateMask[p])
                    {
                        updatedPairs.Add(p);
                    }
                }

                if (updatedPairs.Count == 0)
                {
                    return new RowChanges(deleted, [], null);
                }

                var oldRows = BatchRows.Take(targetRows, updatedPairs);
                var newValues = BatchRows.Take(sourceRows, updatedPairs);
                var columns = new IArrowArray[run.Schema.Fields.Count];
                for (var i = 0; i < columns.Length; i++)
                {
                    var field = run.Schema.Fields[i];
                    columns[i] = updateColumns.Contains(field.Name, StringComparer.Ordinal)
                        ? DeltaExpression.Column(field.Name).Evaluate(newValues, field, fieldTypes[i].DataType, table)
                        : oldRows.Column(i);
                }

                return new RowChanges(deleted, updatedPairs.Select(p => pairTarget[p]).ToList(), new RecordBatch(run.Logical, columns, oldRows.Length));
            }, cancellationToken).ConfigureAwait(false);
        }

        if (options.WhenNotMatchedInsert is { } insert)
        {
            var unmatched = Enumerable.Range(0, src.Length).Where(i => !matchedSource[i]).ToList();
            if (unmatched.Count > 0)
            {
                var candidates = BatchRows.Take(src, unmatched);
                var mask = DmlValues.Holds(insert.Condition, DmlValues.Prefixed(candidates, "source"));
                var rows = BatchRows.Take(candidates, Enumerable.Range(0, mask.Length).Where(i => mask[i]).ToList());
                await run.InsertAsync(ToTableColumns(rows, run), cancellationToken).ConfigureAwait(false);
            }
        }

        return await run.CommitAsync(new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["numSourceRows"] = src.Length,
            ["numTargetRowsUpdated"] = run.Updated,
            ["numTargetRowsDeleted"] = run.Deleted,
            ["numTargetRowsInserted"] = run.Inserted,
            ["numTargetRowsCopied"] = run.Copied,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static List<Dictionary<string, string>> Clauses(DeltaMergeOptions options)
    {
        var clauses = new List<Dictionary<string, string>>();
        if (options.WhenMatchedDelete is { } del)
        {
            clauses.Add(new Dictionary<string, string> { ["actionType"] = "delete", ["predicate"] = del.Condition?.ToString() ?? "true" });
        }

        if (options.WhenMatchedUpdate is { } upd)
        {
            clauses.Add(new Dictionary<string, string> { ["actionType"] = "update", ["predicate"] = upd.Condition?.ToString() ?? "true" });
        }

        return clauses;
    }

    /// <summary>The files whose statistics allow a match, recorded as read together with the predicate.</summary>
    private static List<AddFile> Candidates(DmlRun run, Predicate predicate)
    {
        predicate.Validate(run.Logical);
        run.Transaction.ReadPredicate(predicate);
        var candidates = run.State.Files.Values.Where(a => predicate.CanMatch(new AddFileStatistics(a, run.Metadata, run.Schema))).ToList();
        run.Transaction.ReadFiles(candidates);
        return candidates;
    }

    private static List<int> Matching(Predicate predicate, RecordBatch rows)
    {
        var mask = predicate.Evaluate(rows);
        var result = new List<int>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] == true)
            {
                result.Add(i);
            }
        }

        return result;
    }

    /// <summary>Maps names to the table's column names (exact, then case-insensitive); throws for unknown ones.</summary>
    private static IEnumerable<string> ResolveAssignments(DmlRun run, IEnumerable<string> names, string what)
    {
        foreach (var name in names)
        {
            var field = run.Schema.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
                ?? run.Schema.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ValidationFailedException($"The {what} column '{name}' is not a column of the Delta table '{run.Table}'; use one of: {string.Join(", ", run.Schema.Fields.Select(f => f.Name))}.");
            yield return field.Name;
        }
    }

    /// <summary>Composite key text per row, or null when any key column is null (nulls never match).</summary>
    private static string?[] KeyStrings(RecordBatch batch, IReadOnlyList<string> keys)
    {
        var readers = keys.Select(k => Scan.ArrowValues.Reader(batch.Column(batch.Schema.GetFieldIndex(k)), k)).ToList();
        var result = new string?[batch.Length];
        var sb = new StringBuilder();
        for (var r = 0; r < batch.Length; r++)
        {
            sb.Clear();
            var isNull = false;
            foreach (var reader in readers)
            {
                var value = reader(r);
                if (value is null)
                {
                    isNull = true;
                    break;
                }

                sb.Append(value switch
                {
                    byte[] b => "0x" + Convert.ToHexString(b),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                }).Append('\u0001');
            }

            result[r] = isNull ? null : sb.ToString();
        }

        return result;
    }

    private static string DescribeKey(IReadOnlyList<string> keys, string key)
    {
        var parts = key.Split('\u0001');
        return string.Join(", ", keys.Select((k, i) => $"{k}={parts[i]}"));
    }

    private static bool SameSchema(Schema a, Schema b) =>
        a.FieldsList.Count == b.FieldsList.Count
        && a.FieldsList.Zip(b.FieldsList).All(p => p.First.Name == p.Second.Name && p.First.DataType.TypeId == p.Second.DataType.TypeId);

    /// <summary>The source columns that are table columns (others are dropped for insertion).</summary>
    private static RecordBatch ToTableColumns(RecordBatch rows, DmlRun run)
    {
        var keep = rows.Schema.FieldsList.Select((f, i) => (f, i)).Where(p => run.Schema.FindField(p.f.Name) is not null).ToList();
        return new RecordBatch(new Schema(keep.Select(p => p.f), null), keep.Select(p => rows.Column(p.i)), rows.Length);
    }
}
