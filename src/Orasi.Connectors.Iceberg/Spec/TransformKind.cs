namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>The kinds of partition and sort transforms.</summary>
public enum TransformKind
{
    /// <summary>The source value, unmodified.</summary>
    Identity,
    /// <summary>A 32-bit Murmur3 hash of the value, mod N.</summary>
    Bucket,
    /// <summary>The value truncated to width W.</summary>
    Truncate,
    /// <summary>Years since 1970.</summary>
    Year,
    /// <summary>Months since 1970-01.</summary>
    Month,
    /// <summary>Days since 1970-01-01.</summary>
    Day,
    /// <summary>Hours since 1970-01-01 00:00.</summary>
    Hour,
    /// <summary>Always null.</summary>
    Void,
    /// <summary>A transform this reader does not know; kept by name, never used for pruning.</summary>
    Unknown,
}
