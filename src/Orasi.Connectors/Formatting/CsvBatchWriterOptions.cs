namespace Orasi.Connectors.Formatting;

/// <summary>Options of <see cref="CsvBatchWriter"/>.</summary>
public sealed class CsvBatchWriterOptions
{
    /// <summary>Field separator (default <c>,</c>); must not be <c>"</c>, CR or LF.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Record terminator (default CRLF as RFC 4180 says; <c>"\n"</c> is common on Unix).</summary>
    public string NewLine { get; init; } = "\r\n";

    /// <summary>Whether the first record holds the column names (default true).</summary>
    public bool IncludeHeader { get; init; } = true;
}
