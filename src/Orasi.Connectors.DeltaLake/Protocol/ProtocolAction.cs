namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>protocol</c> action: the reader/writer versions and table features a client needs. The latest one wins.</summary>
public sealed record ProtocolAction : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "protocol";

    /// <summary>Minimum reader protocol version (1, 2 or 3).</summary>
    public required int MinReaderVersion { get; init; }

    /// <summary>Minimum writer protocol version (1 to 7).</summary>
    public required int MinWriterVersion { get; init; }

    /// <summary>Reader features; present only when <see cref="MinReaderVersion"/> is 3.</summary>
    public IReadOnlyList<string>? ReaderFeatures { get; init; }

    /// <summary>Writer features; present only when <see cref="MinWriterVersion"/> is 7.</summary>
    public IReadOnlyList<string>? WriterFeatures { get; init; }

    /// <summary>True when <paramref name="feature"/> is listed in <see cref="ReaderFeatures"/>.</summary>
    public bool HasReaderFeature(string feature) => ReaderFeatures?.Contains(feature, StringComparer.Ordinal) == true;

    /// <summary>True when <paramref name="feature"/> is listed in <see cref="WriterFeatures"/>.</summary>
    public bool HasWriterFeature(string feature) => WriterFeatures?.Contains(feature, StringComparer.Ordinal) == true;
}
