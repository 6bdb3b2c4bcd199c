namespace Orasi.Connectors.Telemetry;

/// <summary>Order-sensitive structural equality of the collections inside telemetry models.</summary>
internal static class ValueEquality
{
    /// <summary>True when both sequences hold equal items in the same order (null equals empty).</summary>
    public static bool SequenceEqual<T>(IEnumerable<T>? left, IEnumerable<T>? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        return (left ?? []).SequenceEqual(right ?? [], EqualityComparer<T>.Default);
    }

    /// <summary>True when both lists are null, or both are non-null with equal items in order.</summary>
    public static bool NullableSequenceEqual<T>(IReadOnlyList<T>? left, IReadOnlyList<T>? right) =>
        left is null ? right is null : right is not null && left.SequenceEqual(right);

    /// <summary>A hash of a sequence's count (cheap and consistent with <see cref="SequenceEqual{T}"/>).</summary>
    public static int CountHash<T>(IEnumerable<T>? items) => items is null ? 0 : items.Count();
}
