namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>A table name in a catalog: a (dotted, possibly multi-level) namespace and a table name.</summary>
/// <param name="Namespace">The namespace, levels separated by dots (e.g. <c>db</c> or <c>lake.db</c>).</param>
/// <param name="Name">The table name.</param>
public sealed record TableIdentifier(string Namespace, string Name)
{
    /// <summary>Parses <c>namespace.table</c> (the last dot separates the table name).</summary>
    /// <exception cref="ValidationFailedException">The text has no namespace or an empty part.</exception>
    public static TableIdentifier Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dot = text.LastIndexOf('.');
        if (dot <= 0 || dot == text.Length - 1)
        {
            throw new ValidationFailedException($"Table identifier '{text}' must have the form 'namespace.table'.");
        }

        return new TableIdentifier(text[..dot], text[(dot + 1)..]);
    }

    /// <summary>The namespace levels.</summary>
    public IReadOnlyList<string> NamespaceLevels => Namespace.Split('.');

    /// <inheritdoc />
    public override string ToString() => Namespace + "." + Name;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || string.IsNullOrWhiteSpace(Namespace) || Name.Contains('/', StringComparison.Ordinal) || Namespace.Contains('/', StringComparison.Ordinal)
            || NamespaceLevels.Any(string.IsNullOrWhiteSpace))
        {
            throw new ValidationFailedException($"Table identifier '{this}' is invalid; use non-empty names without '/'.");
        }
    }
}
