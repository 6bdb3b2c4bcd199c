namespace Orasi.Connectors.Formatting;

/// <summary>The JSON kinds seen for one member during schema inference.</summary>
[Flags]
internal enum InferredKind
{
    /// <summary>Only nulls (or nothing) seen.</summary>
    None = 0,

    /// <summary>Integral numbers that fit int64.</summary>
    Integer = 1,

    /// <summary>Numbers with a fraction, exponent or beyond int64.</summary>
    Float = 2,

    /// <summary>true/false.</summary>
    Boolean = 4,

    /// <summary>Strings, objects, arrays.</summary>
    Other = 8,
}
