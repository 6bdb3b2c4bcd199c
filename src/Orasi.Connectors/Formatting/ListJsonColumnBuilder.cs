using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Builds list arrays from JSON arrays.</summary>
internal sealed class ListJsonColumnBuilder(ListType type, string path, JsonColumnBuilder items) : JsonColumnBuilder(type, path)
{
    private ArrowBuffer.Builder<int> offsets = new ArrowBuffer.Builder<int>().Append(0);

    public override ArrayData Build()
    {
        var (validity, length, nulls) = TakeValidity();
        var data = new ArrayData(Type, length, nulls, 0, [validity, offsets.Build()], [items.Build()]);
        offsets = new ArrowBuffer.Builder<int>().Append(0);
        return data;
    }

    protected override void AppendValue(JsonElement value, long line)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Mismatch(value, "an array", line);
        }

        foreach (JsonElement item in value.EnumerateArray())
        {
            items.Append(item, line);
        }

        offsets.Append(items.Length);
    }

    protected override void AppendDefault() => offsets.Append(items.Length);
}
