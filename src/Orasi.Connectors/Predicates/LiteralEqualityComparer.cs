namespace Orasi.Connectors.Predicates;

/// <summary>Equality of literals that compares byte arrays by content.</summary>
internal sealed class LiteralEqualityComparer : IEqualityComparer<object>
{
    /// <summary>The shared instance.</summary>
    public static readonly LiteralEqualityComparer Instance = new();

    /// <inheritdoc />
    public new bool Equals(object? x, object? y) => x is byte[] a && y is byte[] b ? a.AsSpan().SequenceEqual(b) : object.Equals(x, y);

    /// <inheritdoc />
    public int GetHashCode(object obj) => obj is byte[] bytes ? bytes.Length : obj.GetHashCode();
}
