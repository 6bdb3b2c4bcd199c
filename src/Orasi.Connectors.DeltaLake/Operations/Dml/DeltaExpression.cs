using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Writing;

namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>
/// The new value of a column in an UPDATE: a literal (<c>42</c>, <c>'text'</c>, <c>true</c>, <c>null</c>), another
/// column of the same row (<c>other_col</c>), or a column combined with a number by <c>+ - * /</c>
/// (<c>price * 2</c>). Values are converted to the target column's type (strings are parsed, e.g. <c>'2024-01-01'</c>
/// for a date); a value that does not fit fails with <see cref="ValidationFailedException"/>.
/// </summary>
/// <example>
/// <code>
/// var set = new Dictionary&lt;string, DeltaExpression&gt;
/// {
///     ["status"] = DeltaExpression.Literal("done"),
///     ["retries"] = DeltaExpression.Parse("retries + 1"),
/// };
/// </code>
/// </example>
public sealed class DeltaExpression
{
    private enum ExpressionKind
    {
        Literal,
        Column,
        Arithmetic,
    }

    private readonly ExpressionKind _kind;
    private readonly string? _column;
    private readonly char _operator;
    private readonly object? _literal;

    private DeltaExpression(ExpressionKind kind, string? column, char op, object? literal)
    {
        _kind = kind;
        _column = column;
        _operator = op;
        _literal = literal;
    }

    /// <summary>A constant: null, string, bool, a number, <see cref="DateOnly"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/> or <c>byte[]</c>.</summary>
    public static DeltaExpression Literal(object? value) => new(ExpressionKind.Literal, null, '\0', value);

    /// <summary>The value of another column of the same row.</summary>
    public static DeltaExpression Column(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(ExpressionKind.Column, name, '\0', null);
    }

    /// <summary><c>column op number</c> with <c>op</c> one of <c>+ - * /</c>; integer columns stay integers unless the number is fractional or the operator is <c>/</c>.</summary>
    public static DeltaExpression Arithmetic(string column, char op, object number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        ArgumentNullException.ThrowIfNull(number);
        if (op is not ('+' or '-' or '*' or '/'))
        {
            throw new ValidationFailedException($"The operator '{op}' is not supported in an update expression; use one of + - * /.");
        }

        if (number is not (int or long or double or float or decimal or short or sbyte or byte))
        {
            throw new ValidationFailedException($"The operand '{number}' of '{column} {op} …' must be a number.");
        }

        return new(ExpressionKind.Arithmetic, column, op, number);
    }

    /// <summary>
    /// Parses <c>null</c>, <c>true</c>/<c>false</c>, a number, a single-quoted string (<c>''</c> escapes a quote), a column
    /// name (optionally in backquotes), or <c>column op number</c>.
    /// </summary>
    /// <exception cref="ValidationFailedException">The text is not one of those forms.</exception>
    public static DeltaExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenize(text);
        if (tokens.Count == 1 && !tokens[0].IsOperator)
        {
            return tokens[0].IsIdentifier ? Column(tokens[0].Text) : Literal(tokens[0].Value);
        }

        if (tokens.Count == 3 && tokens[0].IsIdentifier && tokens[1].IsOperator && tokens[2].Value is { } number and not string and not bool)
        {
            return Arithmetic(tokens[0].Text, tokens[1].Text[0], number);
        }

        throw new ValidationFailedException($"The update expression '{text}' is not supported; use a literal, a column name, or 'column + number' (also - * /).");
    }

    /// <summary>The column names the expression reads.</summary>
    public IReadOnlyList<string> Columns => _column is null ? [] : [_column];

    /// <inheritdoc />
    public override string ToString() => _kind switch
    {
        ExpressionKind.Literal => FormatLiteral(_literal),
        ExpressionKind.Column => _column!,
        _ => $"{_column} {_operator} {FormatLiteral(_literal)}",
    };

    /// <summary>Evaluates the expression on every row of <paramref name="batch"/> as values of <paramref name="target"/>.</summary>
    internal IArrowArray Evaluate(RecordBatch batch, StructField target, IArrowType targetType, string table)
    {
        var length = batch.Length;
        switch (_kind)
        {
            case ExpressionKind.Literal:
                if (_literal is null)
                {
                    return NullArrays.Create(targetType, length);
                }

                EnsurePrimitive(target, table);
                var value = DmlValues.Convert(_literal, target.Type, target.Name);
                return PartitionValueCodec.BuildArray(Enumerable.Repeat(value, length), target.Type);
            case ExpressionKind.Column:
            {
                var source = Source(batch, table);
                if (target.Type is DeltaPrimitiveType or DeltaDecimalType)
                {
                    var reader = Scan.ArrowValues.Reader(source, _column!);
                    return PartitionValueCodec.BuildArray(Enumerable.Range(0, length).Select(i => reader(i) is { } v ? DmlValues.Convert(v, target.Type, target.Name) : null).ToList(), target.Type);
                }

                return ArrowRetype.Retype(source, targetType, target.Name);
            }

            default:
            {
                EnsurePrimitive(target, table);
                var reader = Scan.ArrowValues.Reader(Source(batch, table), _column!);
                var values = new List<object?>(length);
                for (var i = 0; i < length; i++)
                {
                    values.Add(reader(i) is { } v ? DmlValues.Convert(Apply(v), target.Type, target.Name) : null);
                }

                return PartitionValueCodec.BuildArray(values, target.Type);
            }
        }
    }

    private IArrowArray Source(RecordBatch batch, string table)
    {
        var index = batch.Schema.GetFieldIndex(_column!);
        return index >= 0
            ? batch.Column(index)
            : throw new ValidationFailedException($"The update expression '{this}' reads the column '{_column}', which is not in the Delta table '{table}'; use one of: {string.Join(", ", batch.Schema.FieldsList.Select(f => f.Name))}.");
    }

    private static void EnsurePrimitive(StructField target, string table)
    {
        if (target.Type is not (DeltaPrimitiveType or DeltaDecimalType))
        {
            throw new ValidationFailedException($"The column '{target.Name}' of the Delta table '{table}' has the nested type {target.Type.TypeName}; only null or another column can be assigned to it.");
        }
    }

    private object Apply(object value)
    {
        var inv = CultureInfo.InvariantCulture;
        var operand = _literal!;
        try
        {
            if (value is long l && operand is int or long or short or sbyte or byte && _operator != '/')
            {
                var r = System.Convert.ToInt64(operand, inv);
                return _operator switch { '+' => checked(l + r), '-' => checked(l - r), _ => checked(l * r) };
            }

            if (value is decimal || operand is decimal)
            {
                var a = System.Convert.ToDecimal(value, inv);
                var b = System.Convert.ToDecimal(operand, inv);
                return _operator switch { '+' => a + b, '-' => a - b, '*' => a * b, _ => a / b };
            }

            if (value is long or double)
            {
                var a = System.Convert.ToDouble(value, inv);
                var b = System.Convert.ToDouble(operand, inv);
                return _operator switch { '+' => a + b, '-' => a - b, '*' => a * b, _ => a / b };
            }
        }
        catch (Exception ex) when (ex is OverflowException or DivideByZeroException)
        {
            throw new ValidationFailedException($"The update expression '{this}' overflowed or divided by zero for the value {value}.", ex);
        }

        throw new ValidationFailedException($"The update expression '{this}' needs a numeric column, but '{_column}' holds {value.GetType().Name} values.");
    }

    private static string FormatLiteral(object? value) => value switch
    {
        null => "null",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private sealed record Token(string Text, bool IsIdentifier, object? Value, bool IsOperator = false);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new ValidationFailedException($"The update expression '{text}' has an unterminated string literal.");
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            sb.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(text[i++]);
                }

                tokens.Add(new Token(sb.ToString(), false, sb.ToString()));
            }
            else if (c == '`')
            {
                var end = text.IndexOf('`', i + 1);
                if (end < 0)
                {
                    throw new ValidationFailedException($"The update expression '{text}' has an unterminated `quoted` column name.");
                }

                tokens.Add(new Token(text[(i + 1)..end], true, null));
                i = end + 1;
            }
            else if (char.IsDigit(c) || (c is '-' or '.' && i + 1 < text.Length && char.IsDigit(text[i + 1]) && (tokens.Count == 0 || tokens[^1].IsOperator)))
            {
                var start = i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'e' or 'E' || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                var number = text[start..i];
                var inv = CultureInfo.InvariantCulture;
                object value = long.TryParse(number, NumberStyles.AllowLeadingSign, inv, out var l) ? l
                    : number.Contains('e', StringComparison.OrdinalIgnoreCase) ? double.Parse(number, NumberStyles.Float, inv)
                    : decimal.TryParse(number, NumberStyles.Number, inv, out var d) ? d
                    : throw new ValidationFailedException($"The update expression '{text}' has the malformed number '{number}'.");
                tokens.Add(new Token(number, false, value));
            }
            else if (c is '+' or '-' or '*' or '/')
            {
                tokens.Add(new Token(c.ToString(), false, null, IsOperator: true));
                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(word.ToLowerInvariant() switch
                {
                    "null" => new Token(word, false, null),
                    "true" => new Token(word, false, true),
                    "false" => new Token(word, false, false),
                    _ => new Token(word, true, null),
                });
            }
            else
            {
                throw new ValidationFailedException($"The update expression '{text}' has the unexpected character '{c}' at position {i}.");
            }
        }

        if (tokens.Count == 0)
        {
            throw new ValidationFailedException("The update expression is empty; give a literal, a column name or 'column + number'.");
        }

        return tokens;
    }
}
