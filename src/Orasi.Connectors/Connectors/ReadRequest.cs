namespace Orasi.Connectors;

/// <summary>What to read from a source: which columns, which rows, and at most how many.</summary>
public sealed record ReadRequest
{
    /// <summary>Column names to return, in this order; null returns every column.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>A filter such as <c>service_name = 'checkout' and duration_ns &gt; 1000</c>; null reads every row.</summary>
    public string? Filter { get; init; }

    /// <summary>The most rows to return; null for no limit.</summary>
    public long? Limit { get; init; }

    /// <summary>Preferred number of rows per batch; sources may return smaller batches.</summary>
    public int? BatchSize { get; init; }
}
