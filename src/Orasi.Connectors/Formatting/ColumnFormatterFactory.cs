using System.Text.Encodings.Web;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Builds the <see cref="ColumnFormatter"/> tree for an Arrow array.</summary>
internal static class ColumnFormatterFactory
{
    /// <summary>JSON writer options shared by the writers: compact, non-ASCII kept readable, no per-token validation.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    /// <summary>Creates the formatter for <paramref name="array"/>; <paramref name="columnName"/> names it in errors.</summary>
    /// <exception cref="UnsupportedFeatureException">The array's type (union, interval, run-end encoded, extension…) has no text form here.</exception>
    public static ColumnFormatter Create(IArrowArray array, string columnName)
    {
        switch (array)
        {
            case NullArray:
                return new NullColumnFormatter(array);
            case BooleanArray a:
                return new BooleanColumnFormatter(a);
            case Int8Array a:
                return new SignedIntegerColumnFormatter<sbyte>(a);
            case Int16Array a:
                return new SignedIntegerColumnFormatter<short>(a);
            case Int32Array a:
                return new SignedIntegerColumnFormatter<int>(a);
            case Int64Array a:
                return new SignedIntegerColumnFormatter<long>(a);
            case UInt8Array a:
                return new UnsignedIntegerColumnFormatter<byte>(a);
            case UInt16Array a:
                return new UnsignedIntegerColumnFormatter<ushort>(a);
            case UInt32Array a:
                return new UnsignedIntegerColumnFormatter<uint>(a);
            case UInt64Array a:
                return new UnsignedIntegerColumnFormatter<ulong>(a);
            case HalfFloatArray a:
                return new FloatingPointColumnFormatter<Half>(a);
            case FloatArray a:
                return new FloatingPointColumnFormatter<float>(a);
            case DoubleArray a:
                return new FloatingPointColumnFormatter<double>(a);
            case Decimal32Array a:
                return new DecimalColumnFormatter(a, a.Scale);
            case Decimal64Array a:
                return new DecimalColumnFormatter(a, a.Scale);
            case Decimal128Array a:
                return new DecimalColumnFormatter(a, a.Scale);
            case Decimal256Array a:
                return new DecimalColumnFormatter(a, a.Scale);
            case StringArray a:
                return new BinaryColumnFormatter(a, a.GetBytes, isString: true);
            case LargeStringArray a:
                return new BinaryColumnFormatter(a, a.GetBytes, isString: true);
            case StringViewArray a:
                return new BinaryColumnFormatter(a, a.GetBytes, isString: true);
            case BinaryArray a:
                return new BinaryColumnFormatter(a, a.GetBytes, isString: false);
            case LargeBinaryArray a:
                return new BinaryColumnFormatter(a, a.GetBytes, isString: false);
            case BinaryViewArray a:
                return new BinaryColumnFormatter(a, a.GetBytes, isString: false);
            case FixedSizeBinaryArray a when a.Data.DataType.TypeId == ArrowTypeId.FixedSizedBinary:
                return new BinaryColumnFormatter(a, a.GetBytes, isString: false);
            case Date32Array a:
                return new TemporalColumnFormatter<int>(a, TemporalKind.Date, static days => days);
            case Date64Array a:
                return new TemporalColumnFormatter<long>(a, TemporalKind.Date, static ms => ArrowTextFormat.FloorDiv(ms, 86_400_000L));
            case TimestampArray a:
            {
                var type = (TimestampType)a.Data.DataType;
                TimeUnit unit = type.Unit;
                return new TemporalColumnFormatter<long>(
                    a, string.IsNullOrEmpty(type.Timezone) ? TemporalKind.TimestampLocal : TemporalKind.TimestampUtc,
                    v => ArrowTextFormat.ToMicros(v, unit));
            }

            case Time32Array a:
            {
                TimeUnit unit = ((Time32Type)a.Data.DataType).Unit;
                return new TemporalColumnFormatter<int>(a, TemporalKind.Time, v => ArrowTextFormat.ToMicros(v, unit));
            }

            case Time64Array a:
            {
                TimeUnit unit = ((Time64Type)a.Data.DataType).Unit;
                return new TemporalColumnFormatter<long>(a, TemporalKind.Time, v => ArrowTextFormat.ToMicros(v, unit));
            }

            case DurationArray a:
                return new SignedIntegerColumnFormatter<long>(a);
            case StructArray a:
            {
                var type = (StructType)a.Data.DataType;
                var names = type.Fields.Select(f => JsonEncodedText.Encode(f.Name, WriterOptions.Encoder)).ToArray();
                var fields = a.Fields.Select((f, i) => Create(f, columnName + "." + type.Fields[i].Name)).ToArray();
                return new StructColumnFormatter(a, names, fields);
            }

            case MapArray a:
                return new MapColumnFormatter(a, Create(a.Keys, columnName + ".key"), Create(a.Values, columnName + ".value"));
            case ListArray a:
                return new ListColumnFormatter(a, i => (a.ValueOffsets[i], a.ValueOffsets[i + 1] - a.ValueOffsets[i]), Create(a.Values, columnName + ".item"));
            case LargeListArray a:
                return new ListColumnFormatter(a, i => (checked((int)a.ValueOffsets[i]), checked((int)(a.ValueOffsets[i + 1] - a.ValueOffsets[i]))), Create(a.Values, columnName + ".item"));
            case FixedSizeListArray a:
            {
                int size = ((FixedSizeListType)a.Data.DataType).ListSize;
                return new ListColumnFormatter(a, i => ((a.Offset + i) * size, size), Create(a.Values, columnName + ".item"));
            }

            case ListViewArray a:
                return new ListColumnFormatter(a, i => (a.ValueOffsets[i], a.Sizes[i]), Create(a.Values, columnName + ".item"));
            case DictionaryArray a:
                return new DictionaryColumnFormatter(a, IndexAccessor(a.Indices, columnName), Create(a.Dictionary, columnName));
            default:
                throw new UnsupportedFeatureException(
                    $"Column '{columnName}' has Arrow type {array.Data.DataType.Name}, which the JSON Lines and CSV writers do not support; cast it to a supported type first.");
        }
    }

    private static Func<int, int> IndexAccessor(IArrowArray indices, string columnName) => indices switch
    {
        Int8Array a => i => a.Values[i],
        Int16Array a => i => a.Values[i],
        Int32Array a => i => a.Values[i],
        Int64Array a => i => checked((int)a.Values[i]),
        UInt8Array a => i => a.Values[i],
        UInt16Array a => i => a.Values[i],
        UInt32Array a => i => checked((int)a.Values[i]),
        UInt64Array a => i => checked((int)a.Values[i]),
        _ => throw new UnsupportedFeatureException(
            $"Column '{columnName}' is dictionary-encoded with {indices.Data.DataType.Name} indices, which are not supported; use integer indices."),
    };
}
