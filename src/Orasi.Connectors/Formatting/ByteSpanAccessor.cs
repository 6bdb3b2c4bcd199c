namespace Orasi.Connectors.Formatting;

/// <summary>Returns the bytes of the value at a logical index of a string or binary array.</summary>
internal delegate ReadOnlySpan<byte> ByteSpanAccessor(int index);
