using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Builds string and binary arrays (32- or 64-bit offsets). Strings take JSON strings as text and any other JSON value
/// as its raw JSON text (so nested objects land in string columns); binary takes base64 strings.
/// </summary>
internal sealed class VariableBinaryJsonColumnBuilder(IArrowType type, string path, bool isString, bool largeOffsets)
    : JsonColumnBuilder(type, path)
{
    private ArrowBuffer.Builder<byte> data = new();
    private ArrowBuffer.Builder<int> offsets = new ArrowBuffer.Builder<int>().Append(0);
    private ArrowBuffer.Builder<long> largeOffsetValues = new ArrowBuffer.Builder<long>().Append(0);

    public bool IsString => isString;

    /// <summary>Appends a non-null string (used for map keys taken from JSON object names).</summary>
    public void AppendString(string value)
    {
        data.Append(Encoding.UTF8.GetBytes(value));
        AppendOffset();
        CommitValue();
    }

    public override ArrayData Build()
    {
        var (validity, length, nulls) = TakeValidity();
        ArrowBuffer offsetBuffer = largeOffsets ? largeOffsetValues.Build() : offsets.Build();
        var result = new ArrayData(Type, length, nulls, 0, [validity, offsetBuffer, data.Build()]);
        data = new ArrowBuffer.Builder<byte>();
        offsets = new ArrowBuffer.Builder<int>().Append(0);
        largeOffsetValues = new ArrowBuffer.Builder<long>().Append(0);
        return result;
    }

    protected override void AppendValue(JsonElement value, long line)
    {
        if (isString)
        {
            string text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            data.Append(Encoding.UTF8.GetBytes(text));
        }
        else
        {
            if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out byte[]? bytes))
            {
                throw Mismatch(value, "a base64 string", line);
            }

            data.Append(bytes);
        }

        AppendOffset();
    }

    protected override void AppendDefault() => AppendOffset();

    private void AppendOffset()
    {
        if (largeOffsets)
        {
            largeOffsetValues.Append(data.Length);
        }
        else
        {
            offsets.Append(data.Length);
        }
    }
}
