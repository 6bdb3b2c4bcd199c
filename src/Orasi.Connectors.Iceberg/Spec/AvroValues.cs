using System.Globalization;
using System.Numerics;
using Avro;
using Avro.Generic;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>Converts Apache.Avro generic values to the Iceberg value forms used by <see cref="Transform"/>.</summary>
internal static class AvroValues
{
    public static object? ToIceberg(object? value, IcebergType? type)
    {
        switch (value)
        {
            case null:
                return null;
            case GenericFixed fixedValue:
                return ToIceberg(fixedValue.Value, type);
            case AvroDecimal dec:
                return Conversions.ToDecimal(dec.UnscaledValue, dec.Scale);
            case DateTime dt:
            {
                var ticks = dt.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
                return type switch
                {
                    PrimitiveType { Name: "date" } => (int)(ticks / TimeSpan.TicksPerDay),
                    PrimitiveType { Name: "timestamp_ns" or "timestamptz_ns" } => ticks * 100,
                    _ => ticks / 10,
                };
            }

            case TimeSpan ts:
                return ts.Ticks / 10;
            case byte[] bytes when type is DecimalType d:
                return Conversions.ToDecimal(new BigInteger(bytes, isUnsigned: false, isBigEndian: true), d.Scale);
            case byte[] bytes when type is PrimitiveType { Name: "uuid" } && bytes.Length == 16:
                return new Guid(bytes, bigEndian: true);
            case string s when type is PrimitiveType { Name: "uuid" }:
                return Guid.Parse(s);
            case int i when type is PrimitiveType { Name: "long" or "time" or "timestamp" or "timestamptz" }:
                return (long)i;
            case float f when type is PrimitiveType { Name: "double" }:
                return (double)f;
            case GenericEnum e:
                return e.Value;
            default:
                return value;
        }
    }

    public static long? Long(GenericRecord record, string name) =>
        record.TryGetValue(name, out var v) && v is not null ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;

    public static int? Int(GenericRecord record, string name) =>
        record.TryGetValue(name, out var v) && v is not null ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : null;

    public static string? String(GenericRecord record, string name) =>
        record.TryGetValue(name, out var v) ? v as string : null;

    public static object? Get(GenericRecord record, string name) =>
        record.TryGetValue(name, out var v) ? v : null;

    public static bool Has(GenericRecord record, string name) => record.Schema.Contains(name);

    /// <summary>Reads an Iceberg int-keyed map (an Avro array of key/value records, or an Avro map with string keys).</summary>
    public static Dictionary<int, T> IntMap<T>(object? value, Func<object, T> convert)
    {
        var result = new Dictionary<int, T>();
        switch (value)
        {
            case null:
                break;
            case System.Collections.IDictionary dict:
                foreach (System.Collections.DictionaryEntry e in dict)
                {
                    if (e.Value is not null)
                    {
                        result[int.Parse((string)e.Key, CultureInfo.InvariantCulture)] = convert(e.Value);
                    }
                }

                break;
            case System.Collections.IEnumerable items:
                foreach (var item in items)
                {
                    if (item is GenericRecord kv && kv.TryGetValue("key", out var k) && kv.TryGetValue("value", out var v) && v is not null)
                    {
                        result[Convert.ToInt32(k, CultureInfo.InvariantCulture)] = convert(v);
                    }
                }

                break;
        }

        return result;
    }

    public static long ToLong(object v) => Convert.ToInt64(v, CultureInfo.InvariantCulture);

    public static byte[] ToBytes(object v) => v switch
    {
        byte[] b => b,
        GenericFixed f => f.Value,
        _ => throw new CorruptDataException($"A manifest bound holds a {v.GetType().Name}, not bytes; the manifest is corrupt."),
    };
}
