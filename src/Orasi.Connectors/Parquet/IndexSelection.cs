namespace Orasi.Connectors.Parquet;

/// <summary>The positions of an array that take part in statistics: a contiguous range or an explicit list.</summary>
internal readonly struct IndexSelection
{
    private readonly int _start;
    private readonly int[]? _indices;

    private IndexSelection(int start, int count, int[]? indices)
    {
        _start = start;
        Count = count;
        _indices = indices;
    }

    /// <summary>How many positions are selected.</summary>
    public int Count { get; }

    /// <summary>True when the positions are <c>Start .. Start + Count - 1</c>.</summary>
    public bool IsContiguous => _indices is null;

    /// <summary>The first position of a contiguous selection.</summary>
    public int Start => _start;

    /// <summary>The <paramref name="i"/>-th selected position.</summary>
    public int this[int i] => _indices is null ? _start + i : _indices[i];

    /// <summary>A contiguous range.</summary>
    public static IndexSelection Range(int start, int count) => new(start, count, null);

    /// <summary>An explicit list of positions (the first <paramref name="count"/> entries of <paramref name="indices"/>).</summary>
    public static IndexSelection Of(int[] indices, int count) => new(0, count, indices);
}
