using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Builds map arrays from JSON objects (string keys) or arrays of <c>{"key":…,"value":…}</c> objects, the two forms
/// <see cref="JsonLinesBatchWriter"/> writes.
/// </summary>
internal sealed class MapJsonColumnBuilder(MapType type, string path, JsonColumnBuilder keys, JsonColumnBuilder values) : JsonColumnBuilder(type, path)
{
    private ArrowBuffer.Builder<int> offsets = new ArrowBuffer.Builder<int>().Append(0);

    public override ArrayData Build()
    {
        var (validity, length, nulls) = TakeValidity();
        ArrayData keyData = keys.Build();
        var entries = new ArrayData(type.KeyValueType, keyData.Length, 0, 0, [ArrowBuffer.Empty], [keyData, values.Build()]);
        var data = new ArrayData(Type, length, nulls, 0, [validity, offsets.Build()], [entries]);
        offsets = new ArrowBuffer.Builder<int>().Append(0);
        return data;
    }

    protected override void AppendValue(JsonElement value, long line)
    {
        if (value.ValueKind == JsonValueKind.Object && keys is VariableBinaryJsonColumnBuilder { IsString: true } stringKeys)
        {
            foreach (JsonProperty property in value.EnumerateObject())
            {
                stringKeys.AppendString(property.Name);
                values.Append(property.Value, line);
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement entry in value.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("key", out JsonElement key)
                    || key.ValueKind == JsonValueKind.Null)
                {
                    throw Mismatch(entry, "an object with a non-null \"key\" (and a \"value\")", line);
                }

                keys.Append(key, line);
                if (entry.TryGetProperty("value", out JsonElement v))
                {
                    values.Append(v, line);
                }
                else
                {
                    values.AppendNull();
                }
            }
        }
        else
        {
            throw Mismatch(value, keys is VariableBinaryJsonColumnBuilder { IsString: true }
                ? "an object or an array of {\"key\",\"value\"} objects"
                : "an array of {\"key\",\"value\"} objects", line);
        }

        offsets.Append(keys.Length);
    }

    protected override void AppendDefault() => offsets.Append(keys.Length);
}
