using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orasi.Connectors.Configuration;

/// <summary>Renders report entries as TOML: tables at the first two levels get headers, deeper tables are inline.</summary>
internal static partial class TomlReportWriter
{
    private const int HeaderDepth = 2;

    public static string Write(IReadOnlyList<ConfigurationEntry> entries, bool includeSources)
    {
        var root = new Node(string.Empty);
        foreach (ConfigurationEntry entry in entries)
        {
            Node node = root;
            foreach (string segment in entry.Key.Split('.'))
            {
                node = node.Child(segment);
            }

            node.Entry = entry;
        }

        var sb = new StringBuilder();
        foreach (Node child in root.Children.Where(c => !c.IsTable))
        {
            WriteKeyValue(sb, child, includeSources);
        }

        foreach (Node child in root.Children.Where(c => c.IsTable))
        {
            WriteTable(sb, [child.Name], child, includeSources);
        }

        return sb.ToString();
    }

    private static void WriteTable(StringBuilder sb, List<string> path, Node node, bool includeSources)
    {
        var inline = node.Children.Where(c => !c.IsTable || path.Count >= HeaderDepth).ToList();
        var nested = node.Children.Where(c => c.IsTable && path.Count < HeaderDepth).ToList();
        if (inline.Count > 0 || nested.Count == 0)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append('[').Append(string.Join('.', path.Select(Key))).Append("]\n");
            foreach (Node child in inline)
            {
                WriteKeyValue(sb, child, includeSources);
            }
        }

        foreach (Node child in nested)
        {
            WriteTable(sb, [.. path, child.Name], child, includeSources);
        }
    }

    private static void WriteKeyValue(StringBuilder sb, Node node, bool includeSources)
    {
        sb.Append(Key(node.Name)).Append(" = ").Append(Value(node));
        if (includeSources)
        {
            var sources = node.Leaves().Select(e => e.Source.ToString().ToLowerInvariant()).Distinct();
            sb.Append("  # ").Append(string.Join(", ", sources));
        }

        sb.Append('\n');
    }

    private static string Value(Node node)
    {
        if (node.Children.Count == 0)
        {
            return Scalar(node.Entry?.Value ?? string.Empty);
        }

        if (node.IsArray)
        {
            return "[" + string.Join(", ", node.Children.Select(Value)) + "]";
        }

        return "{ " + string.Join(", ", node.Children.Select(c => Key(c.Name) + " = " + Value(c))) + " }";
    }

    internal static string Scalar(string value)
    {
        if (value is "true" or "false")
        {
            return value;
        }

        if (IntegerRegex().IsMatch(value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        if (FloatRegex().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
        {
            return value;
        }

        return Quote(value);
    }

    internal static string Key(string key) => BareKeyRegex().IsMatch(key) ? key : Quote(key);

    private static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    [GeneratedRegex("^[+-]?(0|[1-9][0-9]*)$")]
    private static partial Regex IntegerRegex();

    [GeneratedRegex("^[+-]?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex FloatRegex();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex BareKeyRegex();

    private sealed class Node(string name)
    {
        private readonly Dictionary<string, Node> index = new(StringComparer.OrdinalIgnoreCase);

        public string Name { get; } = name;

        public List<Node> Children { get; } = [];

        public ConfigurationEntry? Entry { get; set; }

        public bool IsArray => Children.Count > 0
            && Children.Select((c, i) => c.Name == i.ToString(CultureInfo.InvariantCulture)).All(x => x);

        public bool IsTable => Children.Count > 0 && !IsArray;

        public Node Child(string segment)
        {
            if (!index.TryGetValue(segment, out Node? node))
            {
                node = new Node(segment);
                index[segment] = node;
                Children.Add(node);
            }

            return node;
        }

        public IEnumerable<ConfigurationEntry> Leaves()
        {
            if (Entry is not null)
            {
                yield return Entry;
            }

            foreach (Node child in Children)
            {
                foreach (ConfigurationEntry leaf in child.Leaves())
                {
                    yield return leaf;
                }
            }
        }
    }
}
