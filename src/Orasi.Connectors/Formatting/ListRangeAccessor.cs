namespace Orasi.Connectors.Formatting;

/// <summary>Returns where the items of the list at a logical index start in the child array and how many there are.</summary>
internal delegate (int Start, int Length) ListRangeAccessor(int index);
