using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Builds arrays of the Arrow null type; only JSON null is accepted.</summary>
internal sealed class NullJsonColumnBuilder(string path) : JsonColumnBuilder(NullType.Default, path)
{
    public override ArrayData Build()
    {
        var (_, length, _) = TakeValidity();
        return new ArrayData(Type, length, length, 0, []);
    }

    protected override void AppendValue(JsonElement value, long line) => throw Mismatch(value, "null", line);

    protected override void AppendDefault()
    {
    }
}
