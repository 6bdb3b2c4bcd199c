using System.Text;

namespace Orasi.Connectors.Telemetry;

/// <summary>The OTLP enum value names used as column values, as strings and pre-encoded UTF-8, and their parsing.</summary>
internal static class OtlpNames
{
    private static readonly string[] SpanKinds =
        ["SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"];

    private static readonly string[] StatusCodes = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

    private static readonly string[] MetricTypes = ["gauge", "sum", "histogram"];

    private static readonly string[] Temporalities =
        ["AGGREGATION_TEMPORALITY_UNSPECIFIED", "AGGREGATION_TEMPORALITY_DELTA", "AGGREGATION_TEMPORALITY_CUMULATIVE"];

    private static readonly string[] SeverityTexts = BuildSeverityTexts();

    private static readonly byte[][] SpanKindBytes = Encode(SpanKinds);
    private static readonly byte[][] StatusCodeBytes = Encode(StatusCodes);
    private static readonly byte[][] MetricTypeBytes = Encode(MetricTypes);
    private static readonly byte[][] TemporalityBytes = Encode(Temporalities);

    /// <summary>UTF-8 name of a span kind.</summary>
    public static byte[] Utf8(SpanKind kind) => SpanKindBytes[Index((int)kind, SpanKinds.Length, "span kind")];

    /// <summary>UTF-8 name of a status code.</summary>
    public static byte[] Utf8(SpanStatusCode code) => StatusCodeBytes[Index((int)code, StatusCodes.Length, "status code")];

    /// <summary>UTF-8 name of a metric type.</summary>
    public static byte[] Utf8(MetricType type) => MetricTypeBytes[Index((int)type, MetricTypes.Length, "metric type")];

    /// <summary>UTF-8 name of an aggregation temporality.</summary>
    public static byte[] Utf8(AggregationTemporality temporality) => TemporalityBytes[Index((int)temporality, Temporalities.Length, "aggregation temporality")];

    /// <summary>Parses a span kind name.</summary>
    public static SpanKind ParseSpanKind(string? name, string column) => (SpanKind)Parse(SpanKinds, name, column);

    /// <summary>Parses a status code name.</summary>
    public static SpanStatusCode ParseStatusCode(string? name, string column) => (SpanStatusCode)Parse(StatusCodes, name, column);

    /// <summary>Parses a metric type name.</summary>
    public static MetricType ParseMetricType(string? name, string column) => (MetricType)Parse(MetricTypes, name, column);

    /// <summary>Parses an aggregation temporality name.</summary>
    public static AggregationTemporality ParseTemporality(string? name, string column) => (AggregationTemporality)Parse(Temporalities, name, column);

    /// <summary>
    /// The conventional severity text of a severity number: <c>TRACE</c>, <c>DEBUG</c>, <c>INFO</c>, <c>WARN</c>,
    /// <c>ERROR</c>, <c>FATAL</c> with a digit suffix for the finer levels (<c>INFO2</c>), empty for unspecified.
    /// </summary>
    public static string SeverityText(SeverityNumber number) =>
        (int)number is >= 0 and < 25 ? SeverityTexts[(int)number] : string.Empty;

    private static string[] BuildSeverityTexts()
    {
        var texts = new string[25];
        texts[0] = string.Empty;
        string[] levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
        for (int i = 1; i < 25; i++)
        {
            int step = (i - 1) % 4;
            texts[i] = levels[(i - 1) / 4] + (step == 0 ? string.Empty : (step + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return texts;
    }

    private static int Index(int index, int count, string what) =>
        (uint)index < (uint)count
            ? index
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"The {what} value {index} is not an OTLP value; use a defined enum member.");

    private static int Parse(string[] names, string? name, string column)
    {
        int index = name is null ? -1 : Array.IndexOf(names, name);
        return index >= 0
            ? index
            : throw new CorruptDataException($"Column '{column}' holds '{name}', which is not one of {string.Join(", ", names)}; the batch does not follow the telemetry schema.");
    }

    private static byte[][] Encode(string[] names) => [.. names.Select(Encoding.UTF8.GetBytes)];
}
