using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Accumulates JSON values of one column (or nested child) and builds the Arrow array data.</summary>
internal abstract class JsonColumnBuilder
{
    private ArrowBuffer.BitmapBuilder validity = new();

    protected JsonColumnBuilder(IArrowType type, string path)
    {
        Type = type;
        Path = path;
    }

    /// <summary>The Arrow type being built.</summary>
    public IArrowType Type { get; }

    /// <summary>The dotted column path used in error messages.</summary>
    public string Path { get; }

    /// <summary>Values appended since the last <see cref="Build"/>.</summary>
    public int Length { get; private set; }

    /// <summary>Nulls appended since the last <see cref="Build"/>.</summary>
    public int NullCount { get; private set; }

    /// <summary>Appends a value; JSON null appends a null.</summary>
    public void Append(JsonElement value, long line)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            AppendNull();
            return;
        }

        AppendValue(value, line);
        CommitValue();
    }

    /// <summary>Records a non-null slot after a subclass appended its value buffers directly.</summary>
    protected void CommitValue()
    {
        validity.Append(true);
        Length++;
    }

    /// <summary>Appends a null.</summary>
    public void AppendNull()
    {
        AppendDefault();
        validity.Append(false);
        NullCount++;
        Length++;
    }

    /// <summary>Builds the array data of everything appended and starts over.</summary>
    public abstract ArrayData Build();

    /// <summary>Appends the non-null <paramref name="value"/> to the value buffers (validity is handled by the caller).</summary>
    protected abstract void AppendValue(JsonElement value, long line);

    /// <summary>Appends a placeholder for a null slot to the value buffers.</summary>
    protected abstract void AppendDefault();

    /// <summary>Takes the validity bitmap, length and null count, and resets them.</summary>
    protected (ArrowBuffer Validity, int Length, int NullCount) TakeValidity()
    {
        var result = (NullCount == 0 ? ArrowBuffer.Empty : validity.Build(), Length, NullCount);
        validity = new ArrowBuffer.BitmapBuilder();
        Length = 0;
        NullCount = 0;
        return result;
    }

    /// <summary>The error for a value of the wrong JSON kind or form.</summary>
    protected ValidationFailedException Mismatch(JsonElement value, string expected, long line) =>
        new($"Line {line} of the input: field '{Path}' must be {expected}, but it is a JSON {value.ValueKind.ToString().ToLowerInvariant()}"
            + (value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? $" ({Excerpt(value)})" : string.Empty)
            + "; fix the input or the schema.");

    private static string Excerpt(JsonElement value)
    {
        string raw = value.GetRawText();
        return raw.Length > 40 ? raw[..37] + "..." : raw;
    }
}
