using System.Buffers.Binary;
using System.Text.Json;
using Avro;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Decodes Avro binary written with a given writer schema straight into JSON Lines rows (bytes and fixed as base64,
/// timestamps and dates as raw numbers) that <see cref="Formatting.JsonLinesBatchReader"/> reads into the caller's
/// Arrow schema without loss. A top-level array schema (one record per batch) yields one line per element.
/// </summary>
internal static class AvroJsonTranscoder
{
    public static void WriteLines(global::Avro.Schema writerSchema, ReadOnlySpan<byte> payload, Stream output)
    {
        int position = 0;
        if (writerSchema is ArraySchema array)
        {
            while (true)
            {
                long count = ReadLong(payload, ref position);
                if (count == 0)
                {
                    break;
                }

                if (count < 0)
                {
                    count = -count;
                    ReadLong(payload, ref position);
                }

                for (long i = 0; i < count; i++)
                {
                    WriteLine(array.ItemSchema, payload, ref position, output);
                }
            }
        }
        else
        {
            WriteLine(writerSchema, payload, ref position, output);
        }

        if (position != payload.Length)
        {
            throw new CorruptDataException(
                $"An Avro record has {payload.Length - position} trailing bytes after a value of schema {writerSchema.Fullname}; the producer used another schema than the one its id names.");
        }
    }

    private static void WriteLine(global::Avro.Schema schema, ReadOnlySpan<byte> payload, ref int position, Stream output)
    {
        using (var w = new Utf8JsonWriter(output))
        {
            Value(schema, payload, ref position, w);
        }

        output.WriteByte((byte)'\n');
    }

    private static void Value(global::Avro.Schema schema, ReadOnlySpan<byte> p, ref int pos, Utf8JsonWriter w)
    {
        switch (schema)
        {
            case RecordSchema record:
                w.WriteStartObject();
                foreach (Field field in record.Fields)
                {
                    w.WritePropertyName(field.Name);
                    Value(field.Schema, p, ref pos, w);
                }

                w.WriteEndObject();
                return;
            case UnionSchema union:
                long branch = ReadLong(p, ref pos);
                if (branch < 0 || branch >= union.Count)
                {
                    throw Corrupt($"union branch {branch} out of range");
                }

                Value(union[(int)branch], p, ref pos, w);
                return;
            case ArraySchema array:
                w.WriteStartArray();
                Blocks(p, ref pos, (ref int q, ReadOnlySpan<byte> s) => Value(array.ItemSchema, s, ref q, w));
                w.WriteEndArray();
                return;
            case MapSchema map:
                w.WriteStartObject();
                Blocks(p, ref pos, (ref int q, ReadOnlySpan<byte> s) =>
                {
                    w.WritePropertyName(ReadBytes(s, ref q));
                    Value(map.ValueSchema, s, ref q, w);
                });
                w.WriteEndObject();
                return;
            case FixedSchema fixedSchema:
                w.WriteBase64StringValue(Take(p, ref pos, fixedSchema.Size));
                return;
            case EnumSchema enumSchema:
                w.WriteStringValue(enumSchema[(int)ReadLong(p, ref pos)]);
                return;
            case LogicalSchema logical:
                Value(logical.BaseSchema, p, ref pos, w);
                return;
            case PrimitiveSchema primitive:
                switch (primitive.Tag)
                {
                    case global::Avro.Schema.Type.Null:
                        w.WriteNullValue();
                        return;
                    case global::Avro.Schema.Type.Boolean:
                        w.WriteBooleanValue(Take(p, ref pos, 1)[0] != 0);
                        return;
                    case global::Avro.Schema.Type.Int:
                    case global::Avro.Schema.Type.Long:
                        w.WriteNumberValue(ReadLong(p, ref pos));
                        return;
                    case global::Avro.Schema.Type.Float:
                        w.WriteNumberValue(BinaryPrimitives.ReadSingleLittleEndian(Take(p, ref pos, 4)));
                        return;
                    case global::Avro.Schema.Type.Double:
                        w.WriteNumberValue(BinaryPrimitives.ReadDoubleLittleEndian(Take(p, ref pos, 8)));
                        return;
                    case global::Avro.Schema.Type.String:
                        w.WriteStringValue(ReadBytes(p, ref pos));
                        return;
                    case global::Avro.Schema.Type.Bytes:
                        w.WriteBase64StringValue(ReadBytes(p, ref pos));
                        return;
                }

                break;
        }

        throw new UnsupportedFeatureException($"Avro schema type {schema.Tag} cannot be read into Arrow here; use records of primitives, arrays, maps, fixed and unions.");
    }

    private delegate void ItemReader(ref int position, ReadOnlySpan<byte> payload);

    private static void Blocks(ReadOnlySpan<byte> p, ref int pos, ItemReader item)
    {
        while (true)
        {
            long count = ReadLong(p, ref pos);
            if (count == 0)
            {
                return;
            }

            if (count < 0)
            {
                count = -count;
                ReadLong(p, ref pos);
            }

            for (long i = 0; i < count; i++)
            {
                item(ref pos, p);
            }
        }
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> p, ref int pos)
    {
        long length = ReadLong(p, ref pos);
        if (length < 0)
        {
            throw Corrupt("negative length");
        }

        return Take(p, ref pos, (int)length);
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> p, ref int pos, int count)
    {
        if (pos + count > p.Length)
        {
            throw Corrupt("value runs past the end of the record");
        }

        ReadOnlySpan<byte> slice = p.Slice(pos, count);
        pos += count;
        return slice;
    }

    internal static long ReadLong(ReadOnlySpan<byte> p, ref int pos)
    {
        ulong n = 0;
        int shift = 0;
        while (true)
        {
            if (pos >= p.Length || shift > 63)
            {
                throw Corrupt("truncated varint");
            }

            byte b = p[pos++];
            n |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }

            shift += 7;
        }

        return (long)(n >> 1) ^ -(long)(n & 1);
    }

    private static CorruptDataException Corrupt(string what) =>
        new($"An Avro record is corrupt ({what}); check that the producer wrote Avro with the schema its wire-format id names.");
}
