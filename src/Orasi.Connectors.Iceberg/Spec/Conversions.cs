using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>Binary single-value serialization (spec appendix D) and conversions between value representations.</summary>
public static class Conversions
{
    /// <summary>Decodes a binary single value (a bound or partition summary) of <paramref name="type"/> into the value form of <see cref="Transform"/>.</summary>
    /// <exception cref="CorruptDataException">The bytes do not fit the type.</exception>
    public static object? FromBinary(IcebergType type, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(type);
        try
        {
            switch (type)
            {
                case DecimalType d:
                    return ToDecimal(new BigInteger(bytes, isUnsigned: false, isBigEndian: true), d.Scale);
                case FixedType:
                    return bytes.ToArray();
                case PrimitiveType p:
                    return p.Name switch
                    {
                        "boolean" => bytes[0] != 0,
                        "int" => bytes.Length >= 8 ? checked((int)BinaryPrimitives.ReadInt64LittleEndian(bytes)) : BinaryPrimitives.ReadInt32LittleEndian(bytes),
                        "date" => BinaryPrimitives.ReadInt32LittleEndian(bytes),
                        "long" => bytes.Length == 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes),
                        "time" or "timestamp" or "timestamptz" or "timestamp_ns" or "timestamptz_ns" => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                        "float" => BinaryPrimitives.ReadSingleLittleEndian(bytes),
                        "double" => bytes.Length == 4 ? BinaryPrimitives.ReadSingleLittleEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                        "string" => Encoding.UTF8.GetString(bytes),
                        "uuid" => new Guid(bytes[..16], bigEndian: true),
                        "binary" => bytes.ToArray(),
                        _ => null,
                    };
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new CorruptDataException($"A {bytes.Length}-byte bound cannot be decoded as Iceberg type '{type}'; the manifest is corrupt.", ex);
        }
    }

    /// <summary>Encodes a value of <paramref name="type"/> in binary single-value form.</summary>
    public static byte[] ToBinary(IcebergType type, object value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        switch (type)
        {
            case DecimalType d:
                return Transform.DecimalUnscaledBytes(Convert.ToDecimal(value, CultureInfo.InvariantCulture), d.Scale);
            case FixedType:
                return (byte[])value;
            case PrimitiveType p:
                switch (p.Name)
                {
                    case "boolean": return [(bool)value ? (byte)1 : (byte)0];
                    case "int":
                    case "date":
                    {
                        var b = new byte[4];
                        BinaryPrimitives.WriteInt32LittleEndian(b, checked((int)Transform.TemporalOrIntegral(value, p.Name)));
                        return b;
                    }

                    case "long":
                    case "time":
                    case "timestamp":
                    case "timestamptz":
                    case "timestamp_ns":
                    case "timestamptz_ns":
                    {
                        var b = new byte[8];
                        BinaryPrimitives.WriteInt64LittleEndian(b, Transform.TemporalOrIntegral(value, p.Name));
                        return b;
                    }

                    case "float":
                    {
                        var b = new byte[4];
                        BinaryPrimitives.WriteSingleLittleEndian(b, Convert.ToSingle(value, CultureInfo.InvariantCulture));
                        return b;
                    }

                    case "double":
                    {
                        var b = new byte[8];
                        BinaryPrimitives.WriteDoubleLittleEndian(b, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                        return b;
                    }

                    case "string": return Encoding.UTF8.GetBytes((string)value);
                    case "uuid": return Transform.UuidBytes(value);
                    case "binary": return (byte[])value;
                }

                break;
        }

        throw new UnsupportedFeatureException($"Iceberg type '{type}' has no binary single-value form.");
    }

    /// <summary>
    /// Converts an Iceberg value to the normalized statistics form of <see cref="Orasi.Connectors.Predicates.ColumnStatistics"/>
    /// (long for integers, double for floats, DateOnly for dates, raw long for times and timestamps, byte[] for uuid and binary).
    /// </summary>
    public static object? ToStatisticsValue(IcebergType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (value is null)
        {
            return null;
        }

        return (type, value) switch
        {
            (PrimitiveType { Name: "date" }, int days) => DateOnly.FromDayNumber(EpochDay + days),
            (PrimitiveType { Name: "uuid" }, Guid g) => Transform.UuidBytes(g),
            (_, int i) => (long)i,
            (_, float f) => float.IsNaN(f) ? null : (double)f,
            (_, double d) => double.IsNaN(d) ? null : d,
            _ => value,
        };
    }

    internal static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    internal static decimal? ToDecimal(BigInteger unscaled, int scale)
    {
        try
        {
            var result = (decimal)unscaled;
            for (var i = 0; i < scale; i++) result /= 10m;
            return result;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
