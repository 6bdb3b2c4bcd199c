using System.Globalization;
using Orasi.Connectors.DeltaLake.Protocol;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>Which columns get min/max/null-count statistics: <c>delta.dataSkippingNumIndexedCols</c> / <c>delta.dataSkippingStatsColumns</c>.</summary>
/// <param name="NumIndexedColumns">How many leaf columns (in schema order) get statistics; -1 for all.</param>
/// <param name="StatsColumns">Explicit logical column paths (dotted for nested), overriding the count when set.</param>
/// <param name="StringPrefixLength">How many characters of string min/max values are kept.</param>
internal sealed record StatsOptions(int NumIndexedColumns, IReadOnlySet<string>? StatsColumns, int StringPrefixLength = 32)
{
    /// <summary>The default number of indexed columns.</summary>
    public const int DefaultNumIndexedColumns = 32;

    /// <summary>Reads the options from a table's configuration.</summary>
    /// <exception cref="ValidationFailedException">A property has an invalid value.</exception>
    public static StatsOptions FromConfiguration(IReadOnlyDictionary<string, string> configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var count = DefaultNumIndexedColumns;
        if (configuration.TryGetValue("delta.dataSkippingNumIndexedCols", out var text))
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count < -1)
            {
                throw new ValidationFailedException($"The table property 'delta.dataSkippingNumIndexedCols' is '{text}'; it must be an integer of at least -1.");
            }
        }

        HashSet<string>? columns = null;
        if (configuration.TryGetValue("delta.dataSkippingStatsColumns", out var list) && !string.IsNullOrWhiteSpace(list))
        {
            columns = new HashSet<string>(
                list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.Trim('`')),
                StringComparer.OrdinalIgnoreCase);
        }

        var prefix = 32;
        if (configuration.TryGetValue("delta.dataSkippingStringPrefixLength", out var prefixText)
            && (!int.TryParse(prefixText, NumberStyles.Integer, CultureInfo.InvariantCulture, out prefix) || prefix < 0))
        {
            throw new ValidationFailedException($"The table property 'delta.dataSkippingStringPrefixLength' is '{prefixText}'; it must be a non-negative integer.");
        }

        return new StatsOptions(count, columns, prefix);
    }

    /// <summary>Options for a metadata action.</summary>
    public static StatsOptions For(Metadata metadata) => FromConfiguration(metadata.Configuration);
}
