using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Builds primitive arrays (integers, floats, dates, times, timestamps, durations) through a parser.</summary>
internal sealed class FixedWidthJsonColumnBuilder<T>(IArrowType type, string path, JsonValueParser<T> parser, string expected)
    : JsonColumnBuilder(type, path)
    where T : struct
{
    private ArrowBuffer.Builder<T> values = new();

    public override ArrayData Build()
    {
        var (validity, length, nulls) = TakeValidity();
        var data = new ArrayData(Type, length, nulls, 0, [validity, values.Build()]);
        values = new ArrowBuffer.Builder<T>();
        return data;
    }

    protected override void AppendValue(JsonElement value, long line)
    {
        if (!parser(value, out T parsed))
        {
            throw Mismatch(value, expected, line);
        }

        values.Append(parsed);
    }

    protected override void AppendDefault() => values.Append(default(T));
}
