using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Creates the <see cref="JsonColumnBuilder"/> tree for an Arrow type.</summary>
internal static class JsonColumnBuilderFactory
{
    /// <exception cref="UnsupportedFeatureException">The type cannot be read from JSON Lines here.</exception>
    public static JsonColumnBuilder Create(IArrowType type, string path)
    {
        switch (type)
        {
            case NullType:
                return new NullJsonColumnBuilder(path);
            case BooleanType:
                return new BooleanJsonColumnBuilder(path);
            case Int8Type:
                return Integer<sbyte>(type, path);
            case Int16Type:
                return Integer<short>(type, path);
            case Int32Type:
                return Integer<int>(type, path);
            case Int64Type:
                return Integer<long>(type, path);
            case UInt8Type:
                return Integer<byte>(type, path);
            case UInt16Type:
                return Integer<ushort>(type, path);
            case UInt32Type:
                return Integer<uint>(type, path);
            case UInt64Type:
                return Integer<ulong>(type, path);
            case HalfFloatType:
                return new FixedWidthJsonColumnBuilder<Half>(type, path, static (e, out v) =>
                {
                    bool ok = JsonValueParsers.TryDouble(e, out double d);
                    v = (Half)d;
                    return ok;
                }, "a number");
            case FloatType:
                return new FixedWidthJsonColumnBuilder<float>(type, path, static (e, out v) =>
                {
                    bool ok = JsonValueParsers.TryDouble(e, out double d);
                    v = (float)d;
                    return ok;
                }, "a number");
            case DoubleType:
                return new FixedWidthJsonColumnBuilder<double>(type, path, JsonValueParsers.TryDouble, "a number");
            case StringType:
                return new VariableBinaryJsonColumnBuilder(type, path, isString: true, largeOffsets: false);
            case LargeStringType:
                return new VariableBinaryJsonColumnBuilder(type, path, isString: true, largeOffsets: true);
            case BinaryType:
                return new VariableBinaryJsonColumnBuilder(type, path, isString: false, largeOffsets: false);
            case LargeBinaryType:
                return new VariableBinaryJsonColumnBuilder(type, path, isString: false, largeOffsets: true);
            case FixedSizeBinaryType f:
                return new FixedSizeBinaryJsonColumnBuilder(f, path);
            case Date32Type:
                return new FixedWidthJsonColumnBuilder<int>(type, path, static (e, out v) =>
                {
                    bool ok = JsonValueParsers.TryDays(e, out long days) && days is >= int.MinValue and <= int.MaxValue;
                    v = (int)days;
                    return ok;
                }, "a date \"YYYY-MM-DD\"");
            case Date64Type:
                return new FixedWidthJsonColumnBuilder<long>(type, path, static (e, out v) =>
                {
                    bool ok = JsonValueParsers.TryDays(e, out long days);
                    v = days * 86_400_000L;
                    return ok;
                }, "a date \"YYYY-MM-DD\"");
            case TimestampType t:
            {
                TimeUnit unit = t.Unit;
                return new FixedWidthJsonColumnBuilder<long>(type, path, (System.Text.Json.JsonElement e, out long v) =>
                    JsonValueParsers.TryTimestamp(e, unit, out v), "an ISO-8601 timestamp string or an integer");
            }

            case Time32Type t:
            {
                TimeUnit unit = t.Unit;
                return new FixedWidthJsonColumnBuilder<int>(type, path, (System.Text.Json.JsonElement e, out int v) =>
                {
                    bool ok = JsonValueParsers.TryTimeOfDay(e, unit, out long l);
                    v = (int)l;
                    return ok;
                }, "a time \"HH:MM:SS.ffffff\"");
            }

            case Time64Type t:
            {
                TimeUnit unit = t.Unit;
                return new FixedWidthJsonColumnBuilder<long>(type, path, (System.Text.Json.JsonElement e, out long v) =>
                    JsonValueParsers.TryTimeOfDay(e, unit, out v), "a time \"HH:MM:SS.ffffff\"");
            }

            case DurationType:
                return Integer<long>(type, path);
            case StructType s:
                return new StructJsonColumnBuilder(s, path, s.Fields.Select(f => Create(f.DataType, path + "." + f.Name)).ToArray());
            case MapType m:
                return new MapJsonColumnBuilder(m, path, Create(m.KeyField.DataType, path + ".key"), Create(m.ValueField.DataType, path + ".value"));
            case ListType l:
                return new ListJsonColumnBuilder(l, path, Create(l.ValueDataType, path + ".item"));
            default:
                throw new UnsupportedFeatureException(
                    $"Field '{path}' has Arrow type {type.Name}, which the JSON Lines reader does not support; use a plain string, number, temporal, struct, list or map type.");
        }
    }

    private static FixedWidthJsonColumnBuilder<T> Integer<T>(IArrowType type, string path)
        where T : struct, System.Numerics.IBinaryInteger<T> =>
        new(type, path, JsonValueParsers.TryInteger, $"an integer that fits {type.Name}");
}
