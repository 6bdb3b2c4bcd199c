using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Builds boolean arrays from JSON <c>true</c>/<c>false</c>.</summary>
internal sealed class BooleanJsonColumnBuilder(string path) : JsonColumnBuilder(BooleanType.Default, path)
{
    private ArrowBuffer.BitmapBuilder values = new();

    public override ArrayData Build()
    {
        var (validity, length, nulls) = TakeValidity();
        var data = new ArrayData(Type, length, nulls, 0, [validity, values.Build()]);
        values = new ArrowBuffer.BitmapBuilder();
        return data;
    }

    protected override void AppendValue(JsonElement value, long line)
    {
        if (!JsonValueParsers.TryBoolean(value, out bool b))
        {
            throw Mismatch(value, "true or false", line);
        }

        values.Append(b);
    }

    protected override void AppendDefault() => values.Append(false);
}
