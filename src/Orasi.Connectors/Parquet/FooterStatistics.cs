using System.Numerics;
using System.Runtime.InteropServices;
using Apache.Arrow.Types;
using Orasi.Connectors.Predicates;
using ParquetSharp;

namespace Orasi.Connectors.Parquet;

/// <summary>Turns a Parquet column chunk's footer statistics into <see cref="ColumnStatistics"/> with normalized values.</summary>
internal static class FooterStatistics
{
    /// <summary>Reads the statistics of one column chunk; <paramref name="arrowType"/> is the leaf's Arrow type as read.</summary>
    public static ColumnStatistics Read(ColumnChunkMetaData chunk, ColumnDescriptor descriptor, IArrowType arrowType, string path)
    {
        var result = new ColumnStatistics(path) { DataType = arrowType, ValueCount = chunk.NumValues };
        if (!chunk.IsStatsSet)
        {
            return result;
        }

        using var stats = chunk.Statistics;
        if (stats is null)
        {
            return result;
        }

        result = result with { NullCount = stats.NullCount };
        if (!stats.HasMinMax)
        {
            return result;
        }

        try
        {
            var min = Convert(stats, isMin: true, descriptor, arrowType);
            var max = Convert(stats, isMin: false, descriptor, arrowType);
            return min is null || max is null ? result : result with { Min = min, Max = max };
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentException or InvalidCastException)
        {
            return result;
        }
    }

    private static object? Convert(Statistics stats, bool isMin, ColumnDescriptor descriptor, IArrowType type)
    {
        switch (stats)
        {
            case Statistics<bool> b when type.TypeId == ArrowTypeId.Boolean:
                return isMin ? b.Min : b.Max;
            case Statistics<int> i:
            {
                var v = isMin ? i.Min : i.Max;
                return type.TypeId switch
                {
                    ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Time32 => (long)v,
                    ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 => (long)(uint)v,
                    ArrowTypeId.Date32 or ArrowTypeId.Date64 => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + v),
                    ArrowTypeId.Decimal128 => ToDecimal(new BigInteger(v), ((Decimal128Type)type).Scale),
                    _ => null,
                };
            }

            case Statistics<long> l:
            {
                var v = isMin ? l.Min : l.Max;
                return type.TypeId switch
                {
                    ArrowTypeId.Int64 or ArrowTypeId.Timestamp or ArrowTypeId.Time64 => v,
                    ArrowTypeId.UInt64 => (ulong)v,
                    ArrowTypeId.Decimal128 => ToDecimal(new BigInteger(v), ((Decimal128Type)type).Scale),
                    _ => null,
                };
            }

            case Statistics<float> f when type.TypeId is ArrowTypeId.Float or ArrowTypeId.HalfFloat:
                return NotNaN(isMin ? f.Min : f.Max);
            case Statistics<double> d when type.TypeId == ArrowTypeId.Double:
                return NotNaN(isMin ? d.Min : d.Max);
            case Statistics<ByteArray> ba:
            {
                var bytes = Copy(isMin ? ba.Min : ba.Max);
                return type.TypeId switch
                {
                    ArrowTypeId.String or ArrowTypeId.LargeString => System.Text.Encoding.UTF8.GetString(bytes),
                    ArrowTypeId.Binary or ArrowTypeId.LargeBinary => bytes,
                    ArrowTypeId.Decimal128 => ToDecimal(new BigInteger(bytes, isUnsigned: false, isBigEndian: true), ((Decimal128Type)type).Scale),
                    _ => null,
                };
            }

            case Statistics<FixedLenByteArray> flba:
            {
                var value = isMin ? flba.Min : flba.Max;
                var bytes = new byte[descriptor.TypeLength];
                Marshal.Copy(value.Pointer, bytes, 0, bytes.Length);
                return type.TypeId switch
                {
                    ArrowTypeId.FixedSizedBinary => bytes,
                    ArrowTypeId.Decimal128 => ToDecimal(new BigInteger(bytes, isUnsigned: false, isBigEndian: true), ((Decimal128Type)type).Scale),
                    _ => null,
                };
            }

            default:
                return null;
        }
    }

    private static object? NotNaN(double value) => double.IsNaN(value) ? null : value;

    private static byte[] Copy(ByteArray value)
    {
        var bytes = new byte[value.Length];
        if (value.Length > 0)
        {
            Marshal.Copy(value.Pointer, bytes, 0, value.Length);
        }

        return bytes;
    }

    private static object? ToDecimal(BigInteger unscaled, int scale)
    {
        var magnitude = BigInteger.Abs(unscaled);
        if (scale is < 0 or > 28 || magnitude >= BigInteger.One << 96)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[12];
        magnitude.TryWriteBytes(buffer, out _, isUnsigned: true, isBigEndian: false);
        var lo = BitConverter.ToInt32(buffer[..4]);
        var mid = BitConverter.ToInt32(buffer[4..8]);
        var hi = BitConverter.ToInt32(buffer[8..12]);
        return new decimal(lo, mid, hi, unscaled.Sign < 0, (byte)scale);
    }
}
