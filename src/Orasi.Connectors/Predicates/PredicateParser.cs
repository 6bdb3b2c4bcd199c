using System.Globalization;
using System.Text;

namespace Orasi.Connectors.Predicates;

/// <summary>
/// Parses filter text (the CLI's <c>--where</c>) into a <see cref="Predicate"/>.
/// </summary>
/// <remarks>
/// Grammar (keywords are case-insensitive):
/// <code>
/// filter     := or
/// or         := and ( 'or' and )*
/// and        := unary ( 'and' unary )*
/// unary      := 'not' unary | '(' filter ')' | condition
/// condition  := column ( op literal | 'is' ['not'] 'null' | ['not'] 'in' '(' literal (',' literal)* ')' )
/// column     := name ('.' name)* | "quoted name" ("" escapes a quote)
/// op         := '=' | '==' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
/// literal    := 'text' ('' escapes a quote) | integer | decimal | true | false
/// </code>
/// Integers become <c>long</c> (or <c>ulong</c> above <see cref="long.MaxValue"/>), numbers with a point or exponent
/// become <c>decimal</c> (<c>double</c> when out of decimal range). Dates and timestamps are written as strings
/// (<c>'2024-01-01'</c>, <c>'2024-01-01T12:00:00Z'</c>) and converted to the column's type when evaluated.
/// </remarks>
public static class PredicateParser
{
    private static readonly string[] Keywords = ["and", "or", "not", "is", "null", "in", "true", "false"];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ValidationFailedException">The text is not a valid filter; the message gives the 1-based position.</exception>
    public static Predicate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var result = parser.ParseOr();
        parser.ExpectEnd();
        return result;
    }

    /// <summary>True when <paramref name="word"/> is a keyword of the filter language.</summary>
    internal static bool IsKeyword(string word) => Keywords.Contains(word, StringComparer.OrdinalIgnoreCase);

    private enum TokenKind
    {
        End,
        Identifier,
        QuotedIdentifier,
        String,
        Number,
        Operator,
        LeftParen,
        RightParen,
        Comma,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private sealed class Parser
    {
        private readonly string _text;
        private readonly List<Token> _tokens;
        private int _index;

        public Parser(string text)
        {
            _text = text;
            _tokens = Tokenize(text);
        }

        private Token Current => _tokens[_index];

        public Predicate ParseOr()
        {
            var left = ParseAnd();
            while (AcceptKeyword("or"))
            {
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        public void ExpectEnd()
        {
            if (Current.Kind != TokenKind.End)
            {
                throw Error(Current, "'and', 'or' or the end of the filter");
            }
        }

        private Predicate ParseAnd()
        {
            var left = ParseUnary();
            while (AcceptKeyword("and"))
            {
                left = new And(left, ParseUnary());
            }

            return left;
        }

        private Predicate ParseUnary()
        {
            if (AcceptKeyword("not"))
            {
                return new Not(ParseUnary());
            }

            if (Current.Kind == TokenKind.LeftParen)
            {
                _index++;
                var inner = ParseOr();
                Expect(TokenKind.RightParen, "')'");
                return inner;
            }

            return ParseCondition();
        }

        private Predicate ParseCondition()
        {
            var columnToken = Current;
            string column;
            if (columnToken.Kind == TokenKind.QuotedIdentifier || (columnToken.Kind == TokenKind.Identifier && !IsKeyword(columnToken.Text)))
            {
                column = columnToken.Text;
                _index++;
            }
            else
            {
                throw Error(columnToken, "a column name");
            }

            if (AcceptKeyword("is"))
            {
                var negated = AcceptKeyword("not");
                if (!AcceptKeyword("null"))
                {
                    throw Error(Current, "'null' after 'is'" + (negated ? " not" : string.Empty));
                }

                return negated ? new IsNotNull(column) : new IsNull(column);
            }

            if (IsKeywordToken(Current, "not") && IsKeywordToken(_tokens[_index + 1], "in"))
            {
                _index += 2;
                return new Not(ParseInList(column));
            }

            if (AcceptKeyword("in"))
            {
                return ParseInList(column);
            }

            var opToken = Current;
            if (opToken.Kind != TokenKind.Operator)
            {
                throw Error(opToken, "a comparison operator (=, !=, <, <=, >, >=), 'is [not] null' or 'in (...)'");
            }

            _index++;
            var op = opToken.Text switch
            {
                "=" or "==" => ComparisonOperator.Equal,
                "!=" or "<>" => ComparisonOperator.NotEqual,
                "<" => ComparisonOperator.LessThan,
                "<=" => ComparisonOperator.LessThanOrEqual,
                ">" => ComparisonOperator.GreaterThan,
                _ => ComparisonOperator.GreaterThanOrEqual,
            };
            return new Comparison(column, op, ParseLiteral());
        }

        private In ParseInList(string column)
        {
            Expect(TokenKind.LeftParen, "'(' after 'in'");
            var values = new List<object> { ParseLiteral() };
            while (Current.Kind == TokenKind.Comma)
            {
                _index++;
                values.Add(ParseLiteral());
            }

            Expect(TokenKind.RightParen, "',' or ')'");
            return new In(column, values);
        }

        private object ParseLiteral()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.String:
                    _index++;
                    return token.Text;
                case TokenKind.Number:
                    _index++;
                    return ParseNumber(token);
                case TokenKind.Identifier when token.Text.Equals("true", StringComparison.OrdinalIgnoreCase):
                    _index++;
                    return true;
                case TokenKind.Identifier when token.Text.Equals("false", StringComparison.OrdinalIgnoreCase):
                    _index++;
                    return false;
                case TokenKind.Identifier when token.Text.Equals("null", StringComparison.OrdinalIgnoreCase):
                    throw new ValidationFailedException(
                        $"Invalid filter at position {token.Position + 1}: comparing with null is never true; write 'column is null' or 'column is not null'.");
                default:
                    throw Error(token, "a literal ('text', a number, true or false)");
            }
        }

        private object ParseNumber(Token token)
        {
            var inv = CultureInfo.InvariantCulture;
            var text = token.Text;
            if (text.IndexOfAny(['.', 'e', 'E']) < 0)
            {
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, inv, out var l))
                {
                    return l;
                }

                if (ulong.TryParse(text, NumberStyles.AllowLeadingSign, inv, out var u))
                {
                    return u;
                }
            }

            if (decimal.TryParse(text, NumberStyles.Float, inv, out var d))
            {
                return d;
            }

            if (double.TryParse(text, NumberStyles.Float, inv, out var dbl) && double.IsFinite(dbl))
            {
                return dbl;
            }

            throw Error(token, "a valid number");
        }

        private bool AcceptKeyword(string keyword)
        {
            if (IsKeywordToken(Current, keyword))
            {
                _index++;
                return true;
            }

            return false;
        }

        private static bool IsKeywordToken(Token token, string keyword) =>
            token.Kind == TokenKind.Identifier && token.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

        private void Expect(TokenKind kind, string what)
        {
            if (Current.Kind != kind)
            {
                throw Error(Current, what);
            }

            _index++;
        }

        private ValidationFailedException Error(Token token, string expected)
        {
            var found = token.Kind == TokenKind.End ? "the end of the filter" : $"'{_text.Substring(token.Position, Math.Min(20, _text.Length - token.Position))}'";
            return new ValidationFailedException(
                $"Invalid filter at position {token.Position + 1}: expected {expected} but found {found}; write conditions like \"col = 'text' and n > 10\".");
        }

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
                    continue;
                }

                var start = i;
                if (c == '\'' || c == '"')
                {
                    var quote = c;
                    var sb = new StringBuilder();
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new ValidationFailedException(
                                $"Invalid filter at position {start + 1}: the quoted {(quote == '\'' ? "string" : "name")} is not closed; end it with {quote} (write {quote}{quote} for a {quote} inside).");
                        }

                        if (text[i] == quote)
                        {
                            if (i + 1 < text.Length && text[i + 1] == quote)
                            {
                                sb.Append(quote);
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        sb.Append(text[i++]);
                    }

                    tokens.Add(new Token(quote == '\'' ? TokenKind.String : TokenKind.QuotedIdentifier, sb.ToString(), start));
                    continue;
                }

                if (char.IsDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.')))
                {
                    i++;
                    while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.' ||
                           ((text[i] == 'e' || text[i] == 'E') && i + 1 < text.Length) ||
                           ((text[i] == '-' || text[i] == '+') && (text[i - 1] == 'e' || text[i - 1] == 'E'))))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Number, text[start..i], start));
                    continue;
                }

                if (char.IsLetter(c) || c == '_')
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
                    continue;
                }

                switch (c)
                {
                    case '(':
                        tokens.Add(new Token(TokenKind.LeftParen, "(", i++));
                        continue;
                    case ')':
                        tokens.Add(new Token(TokenKind.RightParen, ")", i++));
                        continue;
                    case ',':
                        tokens.Add(new Token(TokenKind.Comma, ",", i++));
                        continue;
                }

                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                if (two is "<=" or ">=" or "!=" or "<>" or "==")
                {
                    tokens.Add(new Token(TokenKind.Operator, two, i));
                    i += 2;
                    continue;
                }

                if (c is '=' or '<' or '>')
                {
                    tokens.Add(new Token(TokenKind.Operator, c.ToString(), i++));
                    continue;
                }

                throw new ValidationFailedException(
                    $"Invalid filter at position {i + 1}: unexpected character '{c}'; quote text values with single quotes.");
            }

            tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
            tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
            return tokens;
        }
    }
}
