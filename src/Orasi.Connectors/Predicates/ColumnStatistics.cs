using Apache.Arrow.Types;

namespace Orasi.Connectors.Predicates;

/// <summary>
/// Minimum, maximum and counts of one (leaf) column over a set of rows: a file, a row group or a batch.
/// </summary>
/// <remarks>
/// <para><see cref="Min"/> and <see cref="Max"/> use one .NET representation per Arrow type, shared by every reader
/// and writer: <c>bool</c> for boolean; <c>long</c> for int8/16/32/64 and uint8/16/32; <c>ulong</c> for uint64;
/// <c>double</c> for float and double (NaN is never a minimum or maximum); <c>string</c> for utf8 (ordered by UTF-8
/// bytes); <c>byte[]</c> for binary and fixed-size binary (unsigned byte order); <c>decimal</c> for decimal128 (null
/// when a value does not fit in <see cref="decimal"/>); <see cref="DateOnly"/> for date32/date64; and, for
/// timestamps, time32 and time64, the raw <c>long</c> in the unit of <see cref="DataType"/> (timestamps keep their unit).</para>
/// <para>For a leaf nested in lists or maps, counts follow Parquet: a null or empty list counts as one value that is null.</para>
/// </remarks>
/// <param name="Path">The column path: the field name, dotted for nested fields (<c>resource.service</c>, <c>tags.list.element</c>).</param>
public sealed record ColumnStatistics(string Path)
{
    /// <summary>The Arrow type of the values the statistics describe, when known; it gives the unit of timestamp values.</summary>
    public IArrowType? DataType { get; init; }

    /// <summary>The smallest non-null value, or null when unknown or when every value is null.</summary>
    public object? Min { get; init; }

    /// <summary>The largest non-null value, or null when unknown or when every value is null.</summary>
    public object? Max { get; init; }

    /// <summary>How many values are null, or null when unknown.</summary>
    public long? NullCount { get; init; }

    /// <summary>How many values (null or not) the statistics cover, or null when unknown.</summary>
    public long? ValueCount { get; init; }

    /// <summary>True when the counts prove that every value is null.</summary>
    public bool AllNull => NullCount is { } nulls && ValueCount is { } values && values > 0 && nulls >= values;
}
