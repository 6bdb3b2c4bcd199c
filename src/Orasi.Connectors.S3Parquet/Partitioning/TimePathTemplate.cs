using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orasi.Connectors.S3Parquet.Partitioning;

/// <summary>
/// A time partition path template such as <c>year={yyyy}/month={MM}/day={dd}/hour={HH}</c>: every segment is
/// <c>key=</c> followed by literal text and tokens <c>{yyyy}</c>, <c>{MM}</c>, <c>{dd}</c>, <c>{HH}</c>, <c>{mm}</c> (UTC).
/// </summary>
internal sealed partial class TimePathTemplate
{
    private static readonly string[] Tokens = ["yyyy", "MM", "dd", "HH", "mm"];
    private readonly (string Key, string Format)[] _segments;

    private TimePathTemplate((string Key, string Format)[] segments, TimeSpan granularity, string text)
    {
        _segments = segments;
        Granularity = granularity;
        Text = text;
    }

    /// <summary>The template text.</summary>
    public string Text { get; }

    /// <summary>The partition keys of the segments, outermost first.</summary>
    public IReadOnlyList<string> Keys => _segments.Select(s => s.Key).ToArray();

    /// <summary>The finest unit the template distinguishes (a minute, hour, day…; a month or year is approximated by a day).</summary>
    public TimeSpan Granularity { get; }

    /// <summary>Parses and checks a template.</summary>
    /// <exception cref="ValidationFailedException">A segment is not <c>key=…</c> or uses an unknown token.</exception>
    public static TimePathTemplate Parse(string template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            throw new ValidationFailedException("The time partition path_template is empty; use a form like 'year={yyyy}/month={MM}/day={dd}/hour={HH}'.");
        }

        var segments = new List<(string, string)>();
        var finest = 0;
        foreach (var segment in template.Trim('/').Split('/'))
        {
            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == segment.Length - 1)
            {
                throw new ValidationFailedException($"Segment '{segment}' of path_template '{template}' must look like 'key={{token}}', e.g. 'day={{dd}}'.");
            }

            var format = segment[(eq + 1)..];
            var tokens = TokenPattern().Matches(format);
            if (tokens.Count == 0)
            {
                throw new ValidationFailedException($"Segment '{segment}' of path_template '{template}' has no time token; use {{yyyy}}, {{MM}}, {{dd}}, {{HH}} or {{mm}}.");
            }

            foreach (Match token in tokens)
            {
                var index = Array.IndexOf(Tokens, token.Groups[1].Value);
                if (index < 0)
                {
                    throw new ValidationFailedException($"Token '{token.Value}' of path_template '{template}' is not known; use {{yyyy}}, {{MM}}, {{dd}}, {{HH}} or {{mm}}.");
                }

                finest = Math.Max(finest, index);
            }

            segments.Add((segment[..eq], format));
        }

        var granularity = finest switch
        {
            4 => TimeSpan.FromMinutes(1),
            3 => TimeSpan.FromHours(1),
            _ => TimeSpan.FromDays(1),
        };
        return new TimePathTemplate([.. segments], granularity, template);
    }

    /// <summary>The partition values for <paramref name="utc"/>, one per key.</summary>
    public string[] Render(DateTime utc)
    {
        var values = new string[_segments.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var format = _segments[i].Format;
            var text = new StringBuilder(format.Length + 4);
            var last = 0;
            foreach (Match token in TokenPattern().Matches(format))
            {
                text.Append(format, last, token.Index - last);
                text.Append(utc.ToString(token.Groups[1].Value, CultureInfo.InvariantCulture));
                last = token.Index + token.Length;
            }

            text.Append(format, last, format.Length - last);
            values[i] = text.ToString();
        }

        return values;
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
