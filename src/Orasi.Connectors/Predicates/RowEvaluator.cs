using Apache.Arrow;

namespace Orasi.Connectors.Predicates;

/// <summary>Evaluates a <see cref="Predicate"/> row by row (three-valued) and filters batches.</summary>
internal static class RowEvaluator
{
    private const sbyte True = 1;
    private const sbyte False = 0;
    private const sbyte Unknown = -1;

    /// <summary>Checks the predicate's columns and literals against <paramref name="schema"/>.</summary>
    public static void Validate(Predicate predicate, Schema schema)
    {
        switch (predicate)
        {
            case Comparison c:
                LiteralCoercion.Coerce(c.Literal, ComparableType(schema, c.Column), c.Column);
                break;
            case In i:
                var type = ComparableType(schema, i.Column);
                foreach (var v in i.Values)
                {
                    LiteralCoercion.Coerce(v, type, i.Column);
                }

                break;
            case IsNull n:
                ColumnResolver.ResolveType(schema, n.Column);
                break;
            case IsNotNull n:
                ColumnResolver.ResolveType(schema, n.Column);
                break;
            case And a:
                Validate(a.Left, schema);
                Validate(a.Right, schema);
                break;
            case Or o:
                Validate(o.Left, schema);
                Validate(o.Right, schema);
                break;
            case Not n:
                Validate(n.Operand, schema);
                break;
            default:
                throw new UnsupportedFeatureException($"Predicate kind {predicate.GetType().Name} is not supported.");
        }
    }

    /// <summary>Evaluates every row: true, false or null (unknown).</summary>
    public static bool?[] Evaluate(Predicate predicate, RecordBatch batch)
    {
        var values = EvaluateCore(predicate, batch);
        var result = new bool?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i] == Unknown ? null : values[i] == True;
        }

        return result;
    }

    /// <summary>The rows of <paramref name="batch"/> where the predicate is true.</summary>
    public static RecordBatch Filter(Predicate predicate, RecordBatch batch)
    {
        var mask = EvaluateCore(predicate, batch);
        var runs = new List<(int Start, int Length)>();
        var selected = 0;
        for (var i = 0; i < mask.Length;)
        {
            if (mask[i] != True)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < mask.Length && mask[i] == True)
            {
                i++;
            }

            runs.Add((start, i - start));
            selected += i - start;
        }

        if (selected == batch.Length)
        {
            return batch;
        }

        if (runs.Count <= 1)
        {
            return runs.Count == 0 ? batch.Slice(0, 0) : batch.Slice(runs[0].Start, runs[0].Length);
        }

        var columns = new IArrowArray[batch.ColumnCount];
        for (var c = 0; c < columns.Length; c++)
        {
            var source = batch.Column(c);
            var pieces = new List<IArrowArray>(runs.Count);
            foreach (var (start, length) in runs)
            {
                pieces.Add(ArrowArrayFactory.Slice(source, start, length));
            }

            columns[c] = ArrowArrayConcatenator.Concatenate(pieces);
        }

        return new RecordBatch(batch.Schema, columns, selected);
    }

    private static Apache.Arrow.Types.IArrowType ComparableType(Schema schema, string column)
    {
        var type = ColumnResolver.ResolveType(schema, column);
        if (!LiteralCoercion.IsComparable(type))
        {
            throw new ValidationFailedException(
                $"Column '{column}' has type {type.Name}, which cannot be compared with a literal; filter on a scalar column or use 'is null'.");
        }

        return type;
    }

    private static sbyte[] EvaluateCore(Predicate predicate, RecordBatch batch)
    {
        var n = batch.Length;
        switch (predicate)
        {
            case Comparison c:
            {
                var (array, ancestorNull) = ColumnResolver.Resolve(batch, c.Column);
                var literal = LiteralCoercion.Coerce(c.Literal, ComparableType(batch.Schema, c.Column), c.Column);
                var result = new sbyte[n];
                for (var i = 0; i < n; i++)
                {
                    var value = ancestorNull is not null && ancestorNull[i] ? null : ArrowValues.GetValue(array, i, c.Column);
                    result[i] = value is null ? Unknown : Apply(c.Operator, ValueComparer.Compare(value, literal, c.Column));
                }

                return result;
            }

            case In inList:
            {
                var (array, ancestorNull) = ColumnResolver.Resolve(batch, inList.Column);
                var type = ComparableType(batch.Schema, inList.Column);
                var literals = inList.Values.Select(v => LiteralCoercion.Coerce(v, type, inList.Column)).ToArray();
                var result = new sbyte[n];
                for (var i = 0; i < n; i++)
                {
                    var value = ancestorNull is not null && ancestorNull[i] ? null : ArrowValues.GetValue(array, i, inList.Column);
                    if (value is null)
                    {
                        result[i] = Unknown;
                        continue;
                    }

                    result[i] = False;
                    foreach (var literal in literals)
                    {
                        if (ValueComparer.Compare(value, literal, inList.Column) == 0)
                        {
                            result[i] = True;
                            break;
                        }
                    }
                }

                return result;
            }

            case IsNull isNull:
                return NullTest(batch, isNull.Column, wantNull: true);
            case IsNotNull isNotNull:
                return NullTest(batch, isNotNull.Column, wantNull: false);
            case And and:
            {
                var left = EvaluateCore(and.Left, batch);
                var right = EvaluateCore(and.Right, batch);
                for (var i = 0; i < n; i++)
                {
                    left[i] = left[i] == False || right[i] == False ? False : left[i] == True && right[i] == True ? True : Unknown;
                }

                return left;
            }

            case Or or:
            {
                var left = EvaluateCore(or.Left, batch);
                var right = EvaluateCore(or.Right, batch);
                for (var i = 0; i < n; i++)
                {
                    left[i] = left[i] == True || right[i] == True ? True : left[i] == False && right[i] == False ? False : Unknown;
                }

                return left;
            }

            case Not not:
            {
                var operand = EvaluateCore(not.Operand, batch);
                for (var i = 0; i < n; i++)
                {
                    operand[i] = operand[i] == Unknown ? Unknown : (sbyte)(1 - operand[i]);
                }

                return operand;
            }

            default:
                throw new UnsupportedFeatureException($"Predicate kind {predicate.GetType().Name} is not supported.");
        }
    }

    private static sbyte[] NullTest(RecordBatch batch, string column, bool wantNull)
    {
        var (array, ancestorNull) = ColumnResolver.Resolve(batch, column);
        var result = new sbyte[batch.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var isNull = (ancestorNull is not null && ancestorNull[i]) || array.IsNull(i);
            result[i] = isNull == wantNull ? True : False;
        }

        return result;
    }

    /// <summary>Applies <paramref name="op"/> to a comparison result; null (unordered, NaN) is true only for <c>!=</c>.</summary>
    private static sbyte Apply(ComparisonOperator op, int? comparison)
    {
        if (comparison is not { } c)
        {
            return op == ComparisonOperator.NotEqual ? True : False;
        }

        var result = op switch
        {
            ComparisonOperator.Equal => c == 0,
            ComparisonOperator.NotEqual => c != 0,
            ComparisonOperator.LessThan => c < 0,
            ComparisonOperator.LessThanOrEqual => c <= 0,
            ComparisonOperator.GreaterThan => c > 0,
            _ => c >= 0,
        };
        return result ? True : False;
    }
}
