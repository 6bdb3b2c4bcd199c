using System.Buffers;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Dates, times and timestamps as strings: the array's integer value is converted to days (dates) or microseconds
/// (times, timestamps) by <c>toUnits</c> and formatted by <see cref="ArrowTextFormat"/>.
/// </summary>
internal sealed class TemporalColumnFormatter<T>(PrimitiveArray<T> array, TemporalKind kind, Func<long, long> toUnits) : ColumnFormatter(array)
    where T : struct, System.Numerics.IBinaryInteger<T>
{
    protected override void WriteJsonValue(Utf8JsonWriter writer, int index)
    {
        Span<byte> buffer = stackalloc byte[ArrowTextFormat.MaxTimestampLength];
        writer.WriteStringValue(buffer[..Format(index, buffer)]);
    }

    public override void WriteText(IBufferWriter<byte> output, Utf8JsonWriter scratch, int index)
    {
        Span<byte> span = output.GetSpan(ArrowTextFormat.MaxTimestampLength);
        output.Advance(Format(index, span));
    }

    private int Format(int index, Span<byte> destination)
    {
        long units = toUnits(long.CreateTruncating(array.Values[index]));
        return kind switch
        {
            TemporalKind.Date => ArrowTextFormat.FormatDate(units, destination),
            TemporalKind.Time => ArrowTextFormat.FormatTimeOfDay(units, destination),
            TemporalKind.TimestampUtc => ArrowTextFormat.FormatTimestamp(units, utc: true, destination),
            _ => ArrowTextFormat.FormatTimestamp(units, utc: false, destination),
        };
    }
}
