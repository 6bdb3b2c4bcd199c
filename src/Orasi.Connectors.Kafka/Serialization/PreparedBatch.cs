namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// One batch ready to be encoded in row ranges: per-batch work (schema ids, column writers, key and timestamp
/// selectors) is done; <see cref="Encode"/> is thread-safe, so ranges can be encoded in parallel and produced in order.
/// Values are written into a per-thread reused buffer and cut out at their exact size.
/// </summary>
internal sealed class PreparedBatch
{
    /// <summary>Rows per range when a whole batch is encoded over the cores.</summary>
    private const int ParallelRangeRows = 2048;

    [ThreadStatic]
    private static JsonUtf8Buffer? t_json;

    [ThreadStatic]
    private static AvroBinaryWriter? t_avro;

    private readonly Func<int, byte[]?> _key;
    private readonly Func<int, long> _timestamp;
    private readonly OtlpSpanColumnWriter? _spans;
    private readonly Action<AvroBinaryWriter, int>? _avroRow;
    private readonly byte[][]? _values;
    private readonly int? _schemaId;

    private PreparedBatch(int rows, bool perBatch, Func<int, byte[]?> key, Func<int, long> timestamp)
    {
        Rows = rows;
        PerBatch = perBatch;
        _key = key;
        _timestamp = timestamp;
    }

    /// <summary>Spans written as OTLP-JSON from the columns (optionally framed with a JSON-schema id).</summary>
    public PreparedBatch(int rows, bool perBatch, Func<int, byte[]?> key, Func<int, long> timestamp, OtlpSpanColumnWriter spans, int? schemaId)
        : this(rows, perBatch, key, timestamp)
    {
        _spans = spans;
        _schemaId = schemaId;
    }

    /// <summary>Rows written as Avro binary in the Confluent wire format.</summary>
    public PreparedBatch(int rows, bool perBatch, Func<int, byte[]?> key, Func<int, long> timestamp, Action<AvroBinaryWriter, int> avroRow, int schemaId)
        : this(rows, perBatch, key, timestamp)
    {
        _avroRow = avroRow;
        _schemaId = schemaId;
    }

    /// <summary>Values encoded up front (one per row, or one for the batch).</summary>
    public PreparedBatch(int rows, bool perBatch, Func<int, byte[]?> key, Func<int, long> timestamp, byte[][] values)
        : this(rows, perBatch, key, timestamp)
    {
        _values = values;
    }

    /// <summary>The batch's row count.</summary>
    public int Rows { get; }

    /// <summary>True when the whole batch is one record (then only <c>Encode(0, Rows)</c> is meaningful).</summary>
    public bool PerBatch { get; }

    /// <summary>Encodes every record of the batch, spreading per-row ranges over the cores.</summary>
    public EncodedRecords EncodeAll()
    {
        if (PerBatch || Rows <= ParallelRangeRows)
        {
            return Encode(0, Rows);
        }

        var keys = new byte[]?[Rows];
        var values = new byte[Rows][];
        var timestamps = new long[Rows];
        var counts = new int[Rows];
        Parallel.For(0, (Rows + ParallelRangeRows - 1) / ParallelRangeRows, part =>
        {
            int start = part * ParallelRangeRows;
            EncodedRecords range = Encode(start, Math.Min(ParallelRangeRows, Rows - start));
            range.Keys.CopyTo(keys, start);
            range.Values.CopyTo(values, start);
            range.TimestampsMs.CopyTo(timestamps, start);
            range.RowCounts.CopyTo(counts, start);
        });

        return new EncodedRecords(keys, values, timestamps, counts);
    }

    /// <summary>
    /// Encodes rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/>: one record per row,
    /// or (per-batch granularity) the single record of the whole batch. Thread-safe.
    /// </summary>
    /// <param name="start">The first row.</param>
    /// <param name="count">How many rows.</param>
    /// <param name="pool">Where per-row values come from (the producer returns them once librdkafka has copied them); null allocates.</param>
    public EncodedRecords Encode(int start, int count, ExactLengthArrayPool? pool = null)
    {
        if (PerBatch)
        {
            byte[] value = _spans is not null ? SpansValue(0, Rows) : _avroRow is not null ? AvroBatchValue() : _values![0];
            return new EncodedRecords([null], [value], [Rows > 0 ? _timestamp(0) : -1], [Rows]);
        }

        var keys = new byte[]?[count];
        var values = new byte[count][];
        var timestamps = new long[count];
        var counts = new int[count];
        if (_spans is not null)
        {
            JsonUtf8Buffer buffer = t_json ??= new JsonUtf8Buffer(64 * 1024);
            for (int j = 0; j < count; j++)
            {
                buffer.Reset();
                WriteSchemaHeader(buffer);
                _spans.Write(buffer, start + j, 1);
                values[j] = Copy(buffer.Written, pool);
            }
        }
        else if (_avroRow is not null)
        {
            AvroBinaryWriter writer = t_avro ??= new AvroBinaryWriter(4096);
            for (int j = 0; j < count; j++)
            {
                writer.Reset();
                writer.WriteConfluentHeader(_schemaId!.Value);
                _avroRow(writer, start + j);
                values[j] = Copy(writer.Written, pool);
            }
        }
        else
        {
            Array.Copy(_values!, start, values, 0, count);
            pool = null; // values encoded up front are not the pool's to take back
        }

        for (int j = 0; j < count; j++)
        {
            keys[j] = _key(start + j);
            timestamps[j] = _timestamp(start + j);
            counts[j] = 1;
        }

        return new EncodedRecords(keys, values, timestamps, counts, Pooled: pool is not null);
    }

    private static byte[] Copy(ReadOnlySpan<byte> written, ExactLengthArrayPool? pool)
    {
        if (pool is null)
        {
            return written.ToArray();
        }

        byte[] value = pool.Rent(written.Length);
        written.CopyTo(value);
        return value;
    }

    private void WriteSchemaHeader(JsonUtf8Buffer buffer)
    {
        if (_schemaId is int id)
        {
            buffer.Byte(ConfluentWireFormat.MagicByte);
            buffer.Byte((byte)(id >> 24));
            buffer.Byte((byte)(id >> 16));
            buffer.Byte((byte)(id >> 8));
            buffer.Byte((byte)id);
        }
    }

    private byte[] SpansValue(int start, int count)
    {
        // One large value: a private buffer sized for it rather than growing the per-thread one for good.
        var buffer = new JsonUtf8Buffer(Math.Max(1024, 1536 * count));
        WriteSchemaHeader(buffer);
        _spans!.Write(buffer, start, count);
        return buffer.ToArray();
    }

    private byte[] AvroBatchValue()
    {
        var writer = new AvroBinaryWriter(Math.Max(512, 512 * Rows));
        writer.WriteConfluentHeader(_schemaId!.Value);
        if (Rows > 0)
        {
            writer.WriteLong(Rows);
            for (int i = 0; i < Rows; i++)
            {
                _avroRow!(writer, i);
            }
        }

        writer.WriteLong(0);
        return writer.Written.ToArray();
    }
}
