namespace Orasi.Connectors.DeltaLake.Tests.Conformance;

/// <summary>
/// The explicit list of corpus tables that do not simply read, keyed by id (path under <c>corpora/delta</c>). Every
/// table not listed must open, load its latest snapshot and scan without any exception; a table listed with an
/// exception must fail with exactly that <see cref="ConnectorException"/> subtype. Any other exception is a reader bug.
/// </summary>
internal static class ExpectedOutcomes
{
    private const string LogOnly = "is missing";

    public static IReadOnlyDictionary<string, ExpectedOutcome> Latest { get; } = new Dictionary<string, ExpectedOutcome>(StringComparer.Ordinal)
    {
        // --- Refused: reader features / protocol versions this library does not implement. ---
        ["delta-rs/simple_table_features"] = ExpectedOutcome.Unsupported("reader version 5", "hand-written protocol with minReaderVersion 5 and the unknown reader feature 'blahabl'"),
        ["delta-rs/spark-shredded-variant-preview-delta"] = ExpectedOutcome.Unsupported("variantType", "variant type (shredded preview); variant columns are not readable yet"),
        ["delta-rs/spark-variant-checkpoint"] = ExpectedOutcome.Unsupported("variantType-preview", "variant type (preview)"),
        ["delta-rs/spark-variant-stable-feature-checkpoint"] = ExpectedOutcome.Unsupported("variantType", "variant type"),
        ["golden-tables/spark-variant-checkpoint"] = ExpectedOutcome.Unsupported("variantType-preview", "variant type (preview)"),
        ["kernel-java/kernel-defaults/spark-shredded-variant-preview-delta"] = ExpectedOutcome.Unsupported("variantType", "variant type (shredded preview)"),
        ["kernel-java/kernel-defaults/spark-variant-checkpoint"] = ExpectedOutcome.Unsupported("variantType-preview", "variant type (preview)"),
        ["kernel-java/kernel-defaults/spark-variant-stable-feature-checkpoint"] = ExpectedOutcome.Unsupported("variantType", "variant type"),
        ["kernel-java/spark-delta/variant-stats-nested-no-checkpoint"] = ExpectedOutcome.Unsupported("variantType", "variant type with shredding; 'no-checkpoint' only describes the log layout"),
        ["kernel-java/spark-delta/variant-stats-no-checkpoint"] = ExpectedOutcome.Unsupported("variantType", "variant type with shredding; 'no-checkpoint' only describes the log layout"),
        ["kernel-java/spark-delta/variant-stats-state-reconstruction"] = ExpectedOutcome.Unsupported("variantType", "variant type with shredding"),
        ["kernel-java/spark-delta/variant-stats-with-struct-no-checkpoint"] = ExpectedOutcome.Unsupported("variantType", "variant type with shredding; 'no-checkpoint' only describes the log layout"),
        ["kernel-testdata/unshredded-variant"] = ExpectedOutcome.Unsupported("variantType-preview", "variant type (preview, unshredded)"),
        ["kernel-java/kernel-defaults/catalog-owned-preview"] = ExpectedOutcome.Unsupported("catalogManaged", "catalog-managed table: the newest commits live in the catalog, which needs a catalog client"),
        ["kernel-java/workload_specs/basic_catalog_managed/delta"] = ExpectedOutcome.Unsupported("catalogManaged", "catalog-managed table (staged commits v2-3 are only in the catalog)"),
        ["kernel-testdata/table-with-geo"] = ExpectedOutcome.Unsupported("geospatial", "geometry/geography types"),

        // --- Broken on purpose (their names or notes say so). ---
        ["golden-tables/deltalog-invalid-protocol-version"] = ExpectedOutcome.Unsupported("reader version 99", "protocol with minReaderVersion 99"),
        ["kernel-golden/deltalog-invalid-protocol-version/delta"] = ExpectedOutcome.Unsupported("reader version 99", "protocol with minReaderVersion 99"),
        ["golden-tables/deltalog-state-reconstruction-without-metadata"] = ExpectedOutcome.Corrupt("no metaData action", "log without metaData"),
        ["kernel-golden/deltalog-state-reconstruction-without-metadata/delta"] = ExpectedOutcome.Corrupt("no metaData action", "log without metaData"),
        ["golden-tables/deltalog-state-reconstruction-without-protocol"] = ExpectedOutcome.Corrupt("no protocol action", "log without protocol"),
        ["kernel-golden/deltalog-state-reconstruction-without-protocol/delta"] = ExpectedOutcome.Corrupt("no protocol action", "log without protocol"),
        ["golden-tables/deltalog-state-reconstruction-from-checkpoint-missing-metadata"] = ExpectedOutcome.Corrupt("no metaData action", "checkpoint without metaData"),
        ["kernel-golden/deltalog-state-reconstruction-from-checkpoint-missing-metadata/delta"] = ExpectedOutcome.Corrupt("no metaData action", "checkpoint without metaData"),
        ["golden-tables/no-delta-log-folder"] = ExpectedOutcome.NotFound("Parquet files without a _delta_log: not a Delta table"),
        ["kernel-golden/no-delta-log-folder/delta"] = ExpectedOutcome.NotFound("Parquet files without a _delta_log: not a Delta table"),

        // --- Log-only fixtures of log-replay tests (Scala/Rust): the data files were never shipped, so a scan must
        //     report the missing file as corruption. The snapshot itself loads (see Log/CorpusReplayTests). ---
        ["delta-rs/checkpoint_with_partitions"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture"),
        ["delta-rs/checkpoints"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture"),
        ["delta-rs/checkpoints_vacuumed"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture"),
        ["delta-rs/latest_not_checkpointed"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture"),
        ["delta-rs/table-with-domain-metadata"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture"),
        ["delta-rs/with_checkpoint_no_last_checkpoint"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture"),
        ["kernel-testdata/with_checkpoint_no_last_checkpoint"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture"),
        ["kernel-testdata/app-txn-with-last-updated"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture (txn retention)"),
        ["golden-tables/delete-re-add-same-file-different-transactions"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture with fake paths 'foo', 'bar'"),
        ["kernel-golden/delete-re-add-same-file-different-transactions/delta"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture with fake paths 'foo', 'bar'"),
        ["golden-tables/log-replay-special-characters-b"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture: escaped path 'special p@#h' (decoded correctly, never shipped)"),
        ["kernel-golden/log-replay-special-characters-b/delta"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture: escaped path 'special p@#h' (decoded correctly, never shipped)"),
        ["kernel-golden/canonicalized-paths-normal-a/delta"] = ExpectedOutcome.Corrupt(LogOnly, "log-only path-canonicalization fixture"),
        ["kernel-golden/canonicalized-paths-special-a/delta"] = ExpectedOutcome.Corrupt(LogOnly, "log-only path-canonicalization fixture"),
        ["kernel-golden/canonicalized-paths-special-b/delta"] = ExpectedOutcome.Corrupt(LogOnly, "log-only path-canonicalization fixture"),
        // The older golden-tables copies of the canonicalization fixtures also lack schemaString in metaData.
        ["golden-tables/canonicalized-paths-normal-a"] = ExpectedOutcome.Corrupt("no schemaString", "log-only fixture whose metaData has no schemaString"),
        ["golden-tables/canonicalized-paths-special-a"] = ExpectedOutcome.Corrupt("no schemaString", "log-only fixture whose metaData has no schemaString"),
        ["golden-tables/canonicalized-paths-special-b"] = ExpectedOutcome.Corrupt("no schemaString", "log-only fixture whose metaData has no schemaString"),
        ["golden-tables/corrupted-last-checkpoint"] = ExpectedOutcome.Corrupt("no schemaString", "old log-replay fixture (its _last_checkpoint is corrupt, which is tolerated) whose metaData has no schemaString; the kernel copy reads"),
        ["golden-tables/deltalog-commit-info"] = ExpectedOutcome.Corrupt("no schemaString", "commitInfo fixture whose metaData has no schemaString"),
        ["kernel-golden/deltalog-commit-info/delta"] = ExpectedOutcome.Corrupt("no schemaString", "commitInfo fixture whose metaData has no schemaString"),
        ["kernel-testdata/crc-malformed"] = ExpectedOutcome.NotFound("_delta_log holds only a malformed .crc file, no commit"),
        ["golden-tables/data-reader-absolute-paths-escaped-chars"] = ExpectedOutcome.Corrupt("no metaData action", "fixture with only protocol + add actions whose absolute paths name the author's machine"),
        ["kernel-golden/data-reader-absolute-paths-escaped-chars/delta"] = ExpectedOutcome.Corrupt("no metaData action", "fixture with only protocol + add actions whose absolute paths name the author's machine"),
        // Spark test fixtures written with the test-only deletion-vector file-name prefix 'test%dv%prefix-': the
        // protocol names the files deletion_vector_<uuid>.bin, which do not exist.
        ["kernel-java/spark-delta/table-with-dv-small"] = ExpectedOutcome.Corrupt("deletion vector file", "DV files carry Spark's test-only name prefix"),
        ["kernel-java/spark-delta/table-with-dv-large"] = ExpectedOutcome.Corrupt("deletion vector file", "DV files carry Spark's test-only name prefix"),
        ["kernel-java/spark-delta/partitioned-table-with-dv-large"] = ExpectedOutcome.Corrupt("deletion vector file", "DV files carry Spark's test-only name prefix"),
        // The absolute DV path is a template ('file:{{FOLDER_WITH_SPECIAL_CHAR}}/...') the Spark test fills in.
        ["kernel-java/spark-delta/table-with-dv-special-char"] = ExpectedOutcome.Corrupt("not a valid absolute URI", "DV path is an unfilled test template"),

        // --- Names that sound negative, but the table must read. ---
        ["golden-tables/corrupted-last-checkpoint-kernel"] = ExpectedOutcome.Reads("only _last_checkpoint is corrupt"),
        ["kernel-golden/corrupted-last-checkpoint-kernel/delta"] = ExpectedOutcome.Reads("only _last_checkpoint is corrupt"),
        ["delta-rs/table-without-dv-small"] = ExpectedOutcome.Reads("plain table, no deletion vectors"),
        ["kernel-testdata/table-without-dv-small"] = ExpectedOutcome.Reads("plain table, no deletion vectors"),
        ["kernel-java/kernel-defaults/basic-dv-no-checkpoint"] = ExpectedOutcome.Reads("DVs, log without checkpoint"),
        ["kernel-testdata/app-txn-no-checkpoint"] = ExpectedOutcome.Reads("txn actions, log without checkpoint"),
        ["kernel-testdata/v2-checkpoints-json-without-sidecars"] = ExpectedOutcome.Reads("v2 checkpoint without sidecars"),
        ["kernel-testdata/v2-checkpoints-parquet-without-sidecars"] = ExpectedOutcome.Reads("v2 checkpoint without sidecars"),
    };

    /// <summary>
    /// Tables whose latest snapshot reads but some older versions cannot: any older version that fails must fail
    /// this way, and at least one of the versions tried must fail (so that a stale entry is noticed).
    /// </summary>
    public static IReadOnlyDictionary<string, ExpectedOutcome> OlderVersions { get; } = new Dictionary<string, ExpectedOutcome>(StringComparer.Ordinal)
    {
        ["golden-tables/snapshot-vacuumed"] = ExpectedOutcome.Corrupt(LogOnly, "older data files were vacuumed"),
        ["kernel-golden/snapshot-vacuumed/delta"] = ExpectedOutcome.Corrupt(LogOnly, "older data files were vacuumed"),
        ["golden-tables/log-replay-special-characters-a"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture; the file is removed at the latest version"),
        ["kernel-golden/log-replay-special-characters-a/delta"] = ExpectedOutcome.Corrupt(LogOnly, "log-only fixture; the file is removed at the latest version"),
        ["kernel-testdata/table-with-cdf"] = ExpectedOutcome.Corrupt(LogOnly, "fake paths ('fake/path/1') for CDF validation tests"),
        ["delta-rs/delta-live-table"] = ExpectedOutcome.Corrupt("no schemaString", "DLT wrote its first metaData without a schema"),
    };

    /// <summary>
    /// Versions (id@vN) whose scanned row count legitimately differs from numRecords minus DV cardinalities.
    /// </summary>
    public static IReadOnlySet<string> RowCountDiffersFromStatistics { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        // The inline DV of v5 (cardinality 1) decodes to row 28168 in a 10-row file (its last Z85 group overflows,
        // as in every reference decoder), so no row is deleted: 10 rows, while the log's arithmetic says 9.
        "kernel-testdata/cdf-table-with-dv@v5",
    };

    /// <summary>Name fragments that state a negative property; such tables must be classified explicitly above.</summary>
    public static readonly string[] NegativeNameFragments = ["invalid", "corrupt", "no-", "missing", "deltalog-", "malformed", "without-"];

    public static ExpectedOutcome? For(string id) => Latest.GetValueOrDefault(id);
}
