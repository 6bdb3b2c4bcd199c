namespace Orasi.Connectors.Formatting;

/// <summary>How a <see cref="TemporalColumnFormatter{T}"/> renders its values.</summary>
internal enum TemporalKind
{
    /// <summary><c>YYYY-MM-DD</c> from days since the epoch.</summary>
    Date,

    /// <summary><c>HH:MM:SS.ffffff</c> from microseconds since midnight.</summary>
    Time,

    /// <summary><c>YYYY-MM-DDTHH:MM:SS.ffffffZ</c> from UTC microseconds.</summary>
    TimestampUtc,

    /// <summary><c>YYYY-MM-DDTHH:MM:SS.ffffff</c> from wall-clock microseconds.</summary>
    TimestampLocal,
}
