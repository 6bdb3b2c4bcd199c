namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A primitive type without parameters (<c>boolean</c>, <c>int</c>, <c>long</c>, <c>float</c>, <c>double</c>, <c>date</c>, <c>time</c>, <c>timestamp</c>, <c>timestamptz</c>, <c>timestamp_ns</c>, <c>timestamptz_ns</c>, <c>string</c>, <c>uuid</c>, <c>binary</c>, <c>unknown</c>, <c>variant</c>...).</summary>
/// <param name="Name">The type name as written in metadata.</param>
public sealed record PrimitiveType(string Name) : IcebergType
{
    /// <summary>The <c>boolean</c> type.</summary>
    public static PrimitiveType Boolean { get; } = new("boolean");
    /// <summary>The 32-bit <c>int</c> type.</summary>
    public static PrimitiveType Int { get; } = new("int");
    /// <summary>The 64-bit <c>long</c> type.</summary>
    public static PrimitiveType Long { get; } = new("long");
    /// <summary>The 32-bit <c>float</c> type.</summary>
    public static PrimitiveType Float { get; } = new("float");
    /// <summary>The 64-bit <c>double</c> type.</summary>
    public static PrimitiveType Double { get; } = new("double");
    /// <summary>The <c>date</c> type (days from the epoch).</summary>
    public static PrimitiveType Date { get; } = new("date");
    /// <summary>The <c>time</c> type (microseconds from midnight).</summary>
    public static PrimitiveType Time { get; } = new("time");
    /// <summary>The <c>timestamp</c> type (microseconds, no zone).</summary>
    public static PrimitiveType Timestamp { get; } = new("timestamp");
    /// <summary>The <c>timestamptz</c> type (microseconds, UTC).</summary>
    public static PrimitiveType TimestampTz { get; } = new("timestamptz");
    /// <summary>The v3 <c>timestamp_ns</c> type (nanoseconds, no zone).</summary>
    public static PrimitiveType TimestampNs { get; } = new("timestamp_ns");
    /// <summary>The v3 <c>timestamptz_ns</c> type (nanoseconds, UTC).</summary>
    public static PrimitiveType TimestampTzNs { get; } = new("timestamptz_ns");
    /// <summary>The <c>string</c> type (UTF-8).</summary>
    public static PrimitiveType String { get; } = new("string");
    /// <summary>The <c>uuid</c> type.</summary>
    public static PrimitiveType Uuid { get; } = new("uuid");
    /// <summary>The <c>binary</c> type.</summary>
    public static PrimitiveType Binary { get; } = new("binary");

    internal static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "boolean", "int", "long", "float", "double", "date", "time", "timestamp", "timestamptz", "timestamp_ns",
        "timestamptz_ns", "string", "uuid", "binary", "unknown", "variant", "geometry", "geography",
    };

    /// <inheritdoc />
    public override string ToString() => Name;
}
