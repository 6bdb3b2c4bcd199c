using System.Numerics;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Builds fixed-size binary arrays from base64 strings and decimal arrays from decimal strings or numbers.</summary>
internal sealed class FixedSizeBinaryJsonColumnBuilder(FixedSizeBinaryType type, string path) : JsonColumnBuilder(type, path)
{
    private ArrowBuffer.Builder<byte> values = new();

    public override ArrayData Build()
    {
        var (validity, length, nulls) = TakeValidity();
        var data = new ArrayData(Type, length, nulls, 0, [validity, values.Build()]);
        values = new ArrowBuffer.Builder<byte>();
        return data;
    }

    protected override void AppendValue(JsonElement value, long line)
    {
        int width = type.ByteWidth;
        (int precision, int scale)? dec = type switch
        {
            Decimal32Type d => (d.Precision, d.Scale),
            Decimal64Type d => (d.Precision, d.Scale),
            Decimal128Type d => (d.Precision, d.Scale),
            Decimal256Type d => (d.Precision, d.Scale),
            _ => null,
        };

        if (dec is { } p)
        {
            if (!JsonValueParsers.TryUnscaledDecimal(value, p.precision, p.scale, out BigInteger unscaled))
            {
                throw Mismatch(value, $"a decimal with at most {p.precision} digits and {p.scale} fractional digits", line);
            }

            Span<byte> bytes = stackalloc byte[width];
            bytes.Fill(unscaled.Sign < 0 ? (byte)0xFF : (byte)0);
            unscaled.TryWriteBytes(bytes, out _, isUnsigned: false, isBigEndian: false);
            values.Append(bytes);
            return;
        }

        if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out byte[]? raw) || raw.Length != width)
        {
            throw Mismatch(value, $"a base64 string of {width} bytes", line);
        }

        values.Append(raw);
    }

    protected override void AppendDefault()
    {
        Span<byte> zeros = stackalloc byte[type.ByteWidth];
        zeros.Clear();
        values.Append(zeros);
    }
}
