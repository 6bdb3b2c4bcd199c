using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>A nullable UTF-8 string column.</summary>
internal sealed class NullableUtf8Builder
{
    private readonly Utf8Builder _values = new();
    private readonly ValidityBuilder _validity = new();

    /// <summary>Appends a value, or a null when <paramref name="utf8"/> is null.</summary>
    public void Append(byte[]? utf8)
    {
        if (utf8 is null)
        {
            _values.Append(default);
            _validity.AppendNull();
        }
        else
        {
            _values.Append(utf8);
            _validity.AppendValid();
        }
    }

    /// <summary>Appends all values of <paramref name="other"/>.</summary>
    public void AppendFrom(NullableUtf8Builder other)
    {
        _values.AppendFrom(other._values);
        _validity.AppendFrom(other._validity);
    }

    /// <summary>Builds the array data and starts over.</summary>
    public ArrayData Build()
    {
        ArrayData values = _values.Build();
        var (validity, nulls) = _validity.Detach();
        return new ArrayData(StringType.Default, values.Length, nulls, 0, [validity, values.Buffers[1], values.Buffers[2]], null);
    }
}
