namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>A primitive Delta type other than decimal. Use the static instances.</summary>
public sealed record DeltaPrimitiveType : DeltaDataType
{
    private DeltaPrimitiveType(string name, bool isSupported = true)
    {
        Name = name;
        IsSupported = isSupported;
    }

    /// <summary>The name as written in the schema.</summary>
    public string Name { get; }

    /// <summary>False for types this library can parse but not read or write (<c>variant</c>).</summary>
    public bool IsSupported { get; }

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <summary>UTF-8 string.</summary>
    public static DeltaPrimitiveType String { get; } = new("string");

    /// <summary>64-bit signed integer.</summary>
    public static DeltaPrimitiveType Long { get; } = new("long");

    /// <summary>32-bit signed integer.</summary>
    public static DeltaPrimitiveType Integer { get; } = new("integer");

    /// <summary>16-bit signed integer.</summary>
    public static DeltaPrimitiveType Short { get; } = new("short");

    /// <summary>8-bit signed integer.</summary>
    public static DeltaPrimitiveType Byte { get; } = new("byte");

    /// <summary>32-bit floating point.</summary>
    public static DeltaPrimitiveType Float { get; } = new("float");

    /// <summary>64-bit floating point.</summary>
    public static DeltaPrimitiveType Double { get; } = new("double");

    /// <summary>Boolean.</summary>
    public static DeltaPrimitiveType Boolean { get; } = new("boolean");

    /// <summary>Byte sequence.</summary>
    public static DeltaPrimitiveType Binary { get; } = new("binary");

    /// <summary>Calendar date without time zone.</summary>
    public static DeltaPrimitiveType Date { get; } = new("date");

    /// <summary>Microsecond instant, UTC-adjusted.</summary>
    public static DeltaPrimitiveType Timestamp { get; } = new("timestamp");

    /// <summary>Microsecond local date-time without time zone (feature <c>timestampNtz</c>).</summary>
    public static DeltaPrimitiveType TimestampNtz { get; } = new("timestamp_ntz");

    /// <summary>A column that is always null and never stored in data files.</summary>
    public static DeltaPrimitiveType Void { get; } = new("void");

    /// <summary>Semi-structured variant data; parsed but not supported for reading or writing yet.</summary>
    public static DeltaPrimitiveType Variant { get; } = new("variant", isSupported: false);

    /// <summary>All primitive types by name.</summary>
    internal static IReadOnlyDictionary<string, DeltaPrimitiveType> ByName { get; } = new[]
    {
        String, Long, Integer, Short, Byte, Float, Double, Boolean, Binary, Date, Timestamp, TimestampNtz, Void, Variant,
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);
}
