using System.Buffers;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Writes the values of one Arrow array as JSON (and as CSV text). One instance per array per batch, created by
/// <see cref="ColumnFormatterFactory"/>, so the per-value path is a virtual call with no type tests and no boxing.
/// </summary>
internal abstract class ColumnFormatter
{
    protected ColumnFormatter(IArrowArray array) => Array = array;

    /// <summary>The array being formatted; indices passed to the methods are its logical indices.</summary>
    public IArrowArray Array { get; }

    /// <summary>True when the value at <paramref name="index"/> is null.</summary>
    public bool IsNull(int index) => Array.IsNull(index);

    /// <summary>Writes the value at <paramref name="index"/> (or <c>null</c>) as one JSON value.</summary>
    public void WriteJson(Utf8JsonWriter writer, int index)
    {
        if (Array.IsNull(index))
        {
            writer.WriteNullValue();
        }
        else
        {
            WriteJsonValue(writer, index);
        }
    }

    /// <summary>Writes a non-null value as JSON.</summary>
    protected abstract void WriteJsonValue(Utf8JsonWriter writer, int index);

    /// <summary>
    /// Writes a non-null value as plain UTF-8 text for CSV: scalars as their JSON text without quotes, nested values as
    /// their JSON. <paramref name="scratch"/> is a writer the method may reset onto <paramref name="output"/>.
    /// </summary>
    public virtual void WriteText(IBufferWriter<byte> output, Utf8JsonWriter scratch, int index)
    {
        scratch.Reset(output);
        WriteJsonValue(scratch, index);
        scratch.Flush();
    }

    /// <summary>True when values are UTF-8 strings that <see cref="GetUtf8"/> returns (map keys become object names).</summary>
    public virtual bool IsUtf8String => false;

    /// <summary>The UTF-8 bytes of a non-null string value; only valid when <see cref="IsUtf8String"/>.</summary>
    public virtual ReadOnlySpan<byte> GetUtf8(int index) => throw new NotSupportedException("Not a string column.");
}
