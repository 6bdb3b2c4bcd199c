using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace Orasi.Connectors.Configuration;

/// <summary>
/// Parses TOML text into flat configuration keys: tables become <c>:</c>-separated paths, arrays become indices,
/// booleans are written <c>true</c>/<c>false</c>, numbers and dates in invariant culture.
/// </summary>
internal static partial class TomlConfigurationParser
{
    /// <summary>Parses <paramref name="text"/>; a syntax or duplicate-key error raises <see cref="ValidationFailedException"/>
    /// naming <paramref name="sourceName"/>, the 1-based line and column, with secret values scrubbed from the message.</summary>
    public static Dictionary<string, string?> Parse(string text, string sourceName)
    {
        var document = SyntaxParser.Parse(text, sourceName, validate: true);
        if (document.HasErrors)
        {
            foreach (var diagnostic in document.Diagnostics)
            {
                if (diagnostic.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error)
                {
                    var start = diagnostic.Span.Start;
                    throw ParseError(sourceName, text, start.Line + 1, start.Column + 1, diagnostic.Message);
                }
            }
        }

        TomlTable model;
        try
        {
            model = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = sourceName })
                ?? new TomlTable();
        }
        catch (TomlException ex)
        {
            throw ParseError(sourceName, text, ex.Line ?? 0, ex.Column ?? 0, ex.Diagnostics is { Count: > 0 } d ? d[0].Message : "invalid TOML");
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(model, prefix: null, data);
        return data;
    }

    private static ValidationFailedException ParseError(string sourceName, string text, int line, int column, string message)
    {
        string lineText = GetLine(text, line);
        string safe = Scrub(message, lineText);
        return new ValidationFailedException(
            $"Configuration file '{sourceName}' is not valid TOML at line {line}, column {column}: {safe.TrimEnd('.')}. Fix the file and try again.");
    }

    // Parser messages quote tokens in backticks; a token may be (part of) a secret value. Keep a quoted token only when
    // the offending line is a plain `key = value` line or a [table] header whose key is not secret, and the quote itself
    // names no secret key; otherwise mask it.
    private static string Scrub(string message, string lineText)
    {
        string trimmed = lineText.TrimStart();
        bool lineIsSafe;
        if (trimmed.StartsWith('['))
        {
            lineIsSafe = !SecretRedactor.MentionsSecretKey(trimmed);
        }
        else
        {
            int eq = trimmed.IndexOf('=', StringComparison.Ordinal);
            lineIsSafe = eq > 0 && KeyRegex().IsMatch(trimmed[..eq].Trim()) && !SecretRedactor.MentionsSecretKey(trimmed[..eq]);
        }

        return BacktickRegex().Replace(message, m =>
            lineIsSafe && !SecretRedactor.MentionsSecretKey(m.Groups[1].Value) ? m.Value : "`" + SecretRedactor.Mask + "`");
    }

    private static string GetLine(string text, int line)
    {
        if (line <= 0)
        {
            return string.Empty;
        }

        using var reader = new StringReader(text);
        string? current = null;
        for (int i = 0; i < line; i++)
        {
            current = reader.ReadLine();
            if (current is null)
            {
                return string.Empty;
            }
        }

        return current ?? string.Empty;
    }

    private static void Flatten(object? value, string? prefix, Dictionary<string, string?> data)
    {
        switch (value)
        {
            case TomlTable table:
                foreach (var pair in table)
                {
                    Flatten(pair.Value, prefix is null ? pair.Key : prefix + ConfigurationPath.KeyDelimiter + pair.Key, data);
                }

                break;
            case TomlTableArray tables:
                for (int i = 0; i < tables.Count; i++)
                {
                    Flatten(tables[i], Child(prefix, i), data);
                }

                break;
            case TomlArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], Child(prefix, i), data);
                }

                break;
            default:
                if (prefix is not null)
                {
                    data[prefix] = FormatScalar(value);
                }

                break;
        }
    }

    private static string Child(string? prefix, int index)
    {
        string i = index.ToString(CultureInfo.InvariantCulture);
        return prefix is null ? i : prefix + ConfigurationPath.KeyDelimiter + i;
    }

    private static string? FormatScalar(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex BacktickRegex();

    [GeneratedRegex("^[A-Za-z0-9_.\"' -]+$")]
    private static partial Regex KeyRegex();
}
