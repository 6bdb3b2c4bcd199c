using System.Text;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Parquet;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Turns a Parquet writer's summary into Iceberg column metrics keyed by field id: value and null counts for every
/// top-level primitive column, and lower/upper bounds in binary single-value form, with strings and binary values
/// truncated to 16 characters/bytes (Iceberg's default <c>truncate(16)</c> metrics mode).
/// </summary>
internal static class MetricsBuilder
{
    public const int TruncateLength = 16;

    public static DataFile Apply(DataFile file, IcebergSchema schema, ParquetFileSummary summary)
    {
        var values = new Dictionary<int, long>();
        var nulls = new Dictionary<int, long>();
        var lower = new Dictionary<int, byte[]>();
        var upper = new Dictionary<int, byte[]>();
        foreach (var field in schema.Fields)
        {
            if (!field.Type.IsPrimitive || summary.GetColumnStatistics(field.Name) is not { } stats)
            {
                continue;
            }

            if (stats.ValueCount is { } vc) values[field.Id] = vc;
            if (stats.NullCount is { } nc) nulls[field.Id] = nc;
            if (stats.Min is { } min && LowerBound(field.Type, min) is { } lb) lower[field.Id] = lb;
            if (stats.Max is { } max && UpperBound(field.Type, max) is { } ub) upper[field.Id] = ub;
        }

        return file with { ValueCounts = values, NullValueCounts = nulls, LowerBounds = lower, UpperBounds = upper };
    }

    internal static byte[]? LowerBound(IcebergType type, object value) => value switch
    {
        string s when type is PrimitiveType { Name: "string" } => Encoding.UTF8.GetBytes(TruncateString(s)),
        byte[] b when type is PrimitiveType { Name: "binary" } => b.Length <= TruncateLength ? b : b[..TruncateLength],
        _ => Encode(type, value),
    };

    internal static byte[]? UpperBound(IcebergType type, object value)
    {
        switch (value)
        {
            case string s when type is PrimitiveType { Name: "string" }:
                return TruncateStringUpper(s) is { } u ? Encoding.UTF8.GetBytes(u) : null;
            case byte[] b when type is PrimitiveType { Name: "binary" }:
            {
                if (b.Length <= TruncateLength) return b;
                var t = b[..TruncateLength];
                for (var i = t.Length - 1; i >= 0; i--)
                {
                    if (t[i] != 0xFF)
                    {
                        t[i]++;
                        return t[..(i + 1)];
                    }
                }

                return null;
            }

            default:
                return Encode(type, value);
        }
    }

    internal static string TruncateString(string s)
    {
        var runes = s.EnumerateRunes().ToList();
        return runes.Count <= TruncateLength ? s : string.Concat(runes.Take(TruncateLength).Select(r => r.ToString()));
    }

    internal static string? TruncateStringUpper(string s)
    {
        var runes = s.EnumerateRunes().ToList();
        if (runes.Count <= TruncateLength)
        {
            return s;
        }

        var kept = runes.Take(TruncateLength).ToList();
        for (var i = kept.Count - 1; i >= 0; i--)
        {
            var next = kept[i].Value + 1;
            if (next is >= 0xD800 and <= 0xDFFF) next = 0xE000;
            if (next <= 0x10FFFF)
            {
                kept[i] = new Rune(next);
                return string.Concat(kept.Take(i + 1).Select(r => r.ToString()));
            }
        }

        return null;
    }

    private static byte[]? Encode(IcebergType type, object value)
    {
        try
        {
            return (type, value) switch
            {
                (PrimitiveType { Name: "int" }, long l) => Conversions.ToBinary(type, checked((int)l)),
                (PrimitiveType { Name: "float" or "double" }, double d) when double.IsNaN(d) => null,
                (PrimitiveType { Name: "uuid" }, byte[] b) => b,
                (PrimitiveType { Name: "variant" or "unknown" or "geometry" or "geography" }, _) => null,
                _ => Conversions.ToBinary(type, value),
            };
        }
        catch (Exception ex) when (ex is InvalidCastException or ValidationFailedException or UnsupportedFeatureException or OverflowException)
        {
            return null;
        }
    }
}
