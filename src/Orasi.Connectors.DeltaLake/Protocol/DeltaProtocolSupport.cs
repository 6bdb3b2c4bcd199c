namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>Which reader protocol versions and table features this library implements, and the checks that enforce it.</summary>
internal static class DeltaProtocolSupport
{
    /// <summary>The highest reader version supported.</summary>
    public const int MaxReaderVersion = 3;

    /// <summary>Reader-writer features whose read-side requirements this library honours.</summary>
    public static IReadOnlySet<string> SupportedReaderFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "columnMapping",
        "deletionVectors",
        "timestampNtz",
        "v2Checkpoint",
        "vacuumProtocolCheck",
        "typeWidening",
        "typeWidening-preview",
    };

    /// <summary>
    /// Writer-only features. They impose nothing on readers, so their (illegal but harmless) presence in
    /// <c>readerFeatures</c> does not block reading.
    /// </summary>
    public static IReadOnlySet<string> WriterOnlyFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "appendOnly", "invariants", "checkConstraints", "generatedColumns", "allowColumnDefaults", "changeDataFeed",
        "identityColumns", "rowTracking", "domainMetadata", "icebergCompatV1", "icebergCompatV2", "clustering",
        "inCommitTimestamp",
    };

    /// <summary>True when a reader feature can be read by this library.</summary>
    public static bool IsReaderFeatureSupported(string feature) =>
        SupportedReaderFeatures.Contains(feature) || WriterOnlyFeatures.Contains(feature);

    /// <summary>Throws unless this library can read a table with <paramref name="protocol"/>.</summary>
    /// <param name="protocol">The table's protocol action.</param>
    /// <param name="table">The table location, for the message.</param>
    /// <exception cref="UnsupportedFeatureException">The reader version is too new, or a reader feature is unsupported.</exception>
    /// <exception cref="CorruptDataException">Reader version 3 without a <c>readerFeatures</c> list.</exception>
    public static void EnsureReadable(ProtocolAction protocol, string table)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (protocol.MinReaderVersion < 1)
        {
            throw new CorruptDataException($"The Delta table '{table}' has the invalid minReaderVersion {protocol.MinReaderVersion}; it must be at least 1.");
        }

        if (protocol.MinReaderVersion > MaxReaderVersion)
        {
            throw new UnsupportedFeatureException(
                $"The Delta table '{table}' requires reader version {protocol.MinReaderVersion}, but this library supports reader versions up to {MaxReaderVersion}; upgrade Orasi Connectors or read it with a newer Delta client.");
        }

        if (protocol.MinReaderVersion < 3)
        {
            return;
        }

        if (protocol.ReaderFeatures is null)
        {
            throw new CorruptDataException($"The Delta table '{table}' has reader version 3 but no readerFeatures list in its protocol action; the protocol is corrupt.");
        }

        var unsupported = protocol.ReaderFeatures.Where(f => !IsReaderFeatureSupported(f)).Distinct(StringComparer.Ordinal).ToList();
        if (unsupported.Count > 0)
        {
            throw new UnsupportedFeatureException(
                $"The Delta table '{table}' requires the reader feature(s) {string.Join(", ", unsupported)}, which this library does not support; read it with a client that supports them.");
        }
    }
}
