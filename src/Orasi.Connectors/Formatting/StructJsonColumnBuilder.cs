using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Builds struct arrays from JSON objects; missing members are null, unknown members are ignored.</summary>
internal sealed class StructJsonColumnBuilder(StructType type, string path, JsonColumnBuilder[] children) : JsonColumnBuilder(type, path)
{
    public override ArrayData Build()
    {
        var (validity, length, nulls) = TakeValidity();
        return new ArrayData(Type, length, nulls, 0, [validity], children.Select(c => c.Build()));
    }

    protected override void AppendValue(JsonElement value, long line)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Mismatch(value, "an object", line);
        }

        for (int i = 0; i < children.Length; i++)
        {
            if (value.TryGetProperty(type.Fields[i].Name, out JsonElement member))
            {
                children[i].Append(member, line);
            }
            else
            {
                children[i].AppendNull();
            }
        }
    }

    protected override void AppendDefault()
    {
        foreach (JsonColumnBuilder child in children)
        {
            child.AppendNull();
        }
    }
}
