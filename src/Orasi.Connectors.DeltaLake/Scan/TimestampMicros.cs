namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>A timestamp as microseconds since the Unix epoch (UTC for timestamp columns, wall-clock for timestamp_ntz).</summary>
/// <param name="Value">Microseconds since 1970-01-01T00:00:00.</param>
internal readonly record struct TimestampMicros(long Value);
