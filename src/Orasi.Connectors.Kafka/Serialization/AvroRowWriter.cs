using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Encodes rows of an Arrow batch as Avro binary in the layout of <see cref="ArrowAvroSchema.ToAvroJson"/>, reading
/// the Arrow buffers directly (no intermediate objects). Writers are compiled once per batch.
/// </summary>
internal sealed class AvroRowWriter
{
    private readonly Action<AvroBinaryWriter, int>[] _columns;

    public AvroRowWriter(RecordBatch batch)
    {
        _columns = new Action<AvroBinaryWriter, int>[batch.ColumnCount];
        for (int i = 0; i < batch.ColumnCount; i++)
        {
            Field field = batch.Schema.GetFieldByIndex(i);
            _columns[i] = Compile(batch.Column(i), field.IsNullable, field.Name);
        }
    }

    public void WriteRow(AvroBinaryWriter writer, int row)
    {
        foreach (var column in _columns)
        {
            column(writer, row);
        }
    }

    private static Action<AvroBinaryWriter, int> Compile(IArrowArray array, bool nullable, string path)
    {
        Action<AvroBinaryWriter, int> value = CompileValue(array, path);
        if (!nullable)
        {
            return (w, i) =>
            {
                if (array.IsNull(i))
                {
                    throw new ValidationFailedException($"Column '{path}' is declared non-nullable but holds a null at row {i}; fix the data or the schema.");
                }

                value(w, i);
            };
        }

        return (w, i) =>
        {
            if (array.IsNull(i))
            {
                w.WriteLong(0);
            }
            else
            {
                w.WriteLong(1);
                value(w, i);
            }
        };
    }

    private static Action<AvroBinaryWriter, int> CompileValue(IArrowArray array, string path)
    {
        switch (array)
        {
            case BooleanArray a:
                return (w, i) => w.WriteBoolean(a.GetValue(i) ?? false);
            case Int8Array a:
                return (w, i) => w.WriteLong(a.Values[i]);
            case Int16Array a:
                return (w, i) => w.WriteLong(a.Values[i]);
            case Int32Array a:
                return (w, i) => w.WriteLong(a.Values[i]);
            case Int64Array a:
                return (w, i) => w.WriteLong(a.Values[i]);
            case UInt8Array a:
                return (w, i) => w.WriteLong(a.Values[i]);
            case UInt16Array a:
                return (w, i) => w.WriteLong(a.Values[i]);
            case UInt32Array a:
                return (w, i) => w.WriteLong(a.Values[i]);
            case UInt64Array a:
                return (w, i) => w.WriteLong(unchecked((long)a.Values[i]));
            case FloatArray a:
                return (w, i) => w.WriteFloat(a.Values[i]);
            case DoubleArray a:
                return (w, i) => w.WriteDouble(a.Values[i]);
            case Date32Array a:
                return (w, i) => w.WriteLong(a.Values[i]);
            case TimestampArray a:
                return (w, i) => w.WriteLong(a.Values[i]);
            case StringArray a:
                return (w, i) => w.WriteBytes(a.GetBytes(i));
            case LargeStringArray a:
                return (w, i) => w.WriteBytes(a.GetBytes(i));
            case BinaryArray a:
                return (w, i) => w.WriteBytes(a.GetBytes(i));
            case LargeBinaryArray a:
                return (w, i) => w.WriteBytes(a.GetBytes(i));
            case FixedSizeBinaryArray a:
                return (w, i) => w.WriteFixed(a.GetBytes(i));
            case MapArray m:
            {
                var keys = (StringArray)m.Keys;
                var values = Compile(m.Values, ((MapType)m.Data.DataType).ValueField.IsNullable, path + ".value");
                return (w, i) =>
                {
                    var offsets = m.ValueOffsets;
                    int start = offsets[i];
                    int count = offsets[i + 1] - start;
                    if (count > 0)
                    {
                        w.WriteLong(count);
                        for (int j = start; j < start + count; j++)
                        {
                            w.WriteBytes(keys.GetBytes(j));
                            values(w, j);
                        }
                    }

                    w.WriteLong(0);
                };
            }

            case ListArray l:
            {
                var items = Compile(l.Values, ((ListType)l.Data.DataType).ValueField.IsNullable, path + ".item");
                return (w, i) =>
                {
                    var offsets = l.ValueOffsets;
                    int start = offsets[i];
                    int count = offsets[i + 1] - start;
                    if (count > 0)
                    {
                        w.WriteLong(count);
                        for (int j = start; j < start + count; j++)
                        {
                            items(w, j);
                        }
                    }

                    w.WriteLong(0);
                };
            }

            case StructArray s:
            {
                var type = (StructType)s.Data.DataType;
                var fields = new Action<AvroBinaryWriter, int>[type.Fields.Count];
                for (int f = 0; f < fields.Length; f++)
                {
                    fields[f] = Compile(s.Fields[f], type.Fields[f].IsNullable, path + "." + type.Fields[f].Name);
                }

                return (w, i) =>
                {
                    foreach (var field in fields)
                    {
                        field(w, i);
                    }
                };
            }

            case DictionaryArray d:
            {
                var dictionary = CompileValue(d.Dictionary, path);
                IArrowArray indices = d.Indices;
                return (w, i) => dictionary(w, IndexAt(indices, i));
            }

            default:
                throw new UnsupportedFeatureException(
                    $"Column '{path}' has Arrow type {array.Data.DataType.Name}, which has no Avro mapping here; cast it or use encoding = \"json\".");
        }
    }

    private static int IndexAt(IArrowArray indices, int i) => indices switch
    {
        Int8Array a => a.Values[i],
        Int16Array a => a.Values[i],
        Int32Array a => a.Values[i],
        Int64Array a => checked((int)a.Values[i]),
        UInt8Array a => a.Values[i],
        UInt16Array a => a.Values[i],
        UInt32Array a => checked((int)a.Values[i]),
        _ => throw new UnsupportedFeatureException("Dictionary indices of this integer type are not supported; cast the column to its value type."),
    };
}
