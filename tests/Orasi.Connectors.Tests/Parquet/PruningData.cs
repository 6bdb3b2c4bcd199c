using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Tests.Parquet;

/// <summary>Rows with a sorted unique id for pruning tests, plus a filter text and its independent oracle.</summary>
internal static class PruningData
{
    private static readonly string[] Names = ["alpha", "beta", "checkout", "delta", "emoji 😀", "\uFF21wide"];

    internal sealed record Row(long Id, string? Name, double? Score, int Day, long Ts, bool StructNull, int? A);

    public static readonly TimestampType TsType = new(TimeUnit.Microsecond, "UTC");

    public static Schema Schema { get; } = new(
    [
        new Field("id", Int64Type.Default, false),
        new Field("name", StringType.Default, true),
        new Field("score", DoubleType.Default, true),
        new Field("day", Date32Type.Default, false),
        new Field("ts", TsType, false),
        new Field("st", new StructType([new Field("a", Int32Type.Default, true)]), true),
    ], null);

    public static List<Row> Rows(int seed, int count)
    {
        var r = new Random(seed);
        var rows = new List<Row>(count);
        long id = r.Next(-50, 50);
        for (var i = 0; i < count; i++)
        {
            id += r.Next(1, 4);
            var score = r.Next(10) switch { 0 => (double?)null, 1 => double.NaN, _ => Math.Round(i * 0.7 + r.NextDouble() * 5, 2) };
            var name = r.Next(8) == 0 ? null : Names[r.Next(Names.Length)];
            var day = 19_700 + i / 3;
            var ts = (19_700L + i) * 86_400_000_000L + r.Next(0, 1000);
            var structNull = r.Next(6) == 0;
            int? a = r.Next(5) == 0 ? null : r.Next(-20, 20) + i;
            rows.Add(new Row(id, name, score, day, ts, structNull, a));
        }

        return rows;
    }

    public static RecordBatch ToBatch(IReadOnlyList<Row> rows)
    {
        var n = rows.Count;
        var ids = new Int64Array.Builder().AppendRange(rows.Select(x => x.Id)).Build();
        var names = new StringArray.Builder();
        foreach (var x in rows) { if (x.Name is null) names.AppendNull(); else names.Append(x.Name); }
        var scores = new DoubleArray.Builder();
        foreach (var x in rows) { if (x.Score is null) scores.AppendNull(); else scores.Append(x.Score.Value); }
        var days = RandomBatches.Primitive(Date32Type.Default, n, () => false, Enumerate(rows.Select(x => x.Day)));
        var ts = RandomBatches.Primitive(TsType, n, () => false, Enumerate(rows.Select(x => x.Ts)));
        var a = new Int32Array.Builder();
        foreach (var x in rows) { if (x.A is null) a.AppendNull(); else a.Append(x.A.Value); }
        var validity = new ArrowBuffer.BitmapBuilder();
        foreach (var x in rows) validity.Append(!x.StructNull);
        var structType = (StructType)Schema.GetFieldByName("st").DataType;
        var st = new StructArray(structType, n, [a.Build()], validity.Build(), rows.Count(x => x.StructNull));
        return new RecordBatch(Schema, [ids, names.Build(), scores.Build(), days, ts, st], n);
    }

    private static Func<T> Enumerate<T>(IEnumerable<T> values)
    {
        var e = values.GetEnumerator();
        return () => { e.MoveNext(); return e.Current; };
    }

    /// <summary>A filter text and the oracle deciding (SQL semantics, IEEE NaN) whether a row matches.</summary>
    public static (string Text, Func<Row, bool> Matches) Filter(int kind, IReadOnlyList<Row> rows, Random r)
    {
        var inv = CultureInfo.InvariantCulture;
        long PickId() => rows.Count == 0 ? 0 : rows[r.Next(rows.Count)].Id + r.Next(-1, 2);
        var name = Names[r.Next(Names.Length)];
        var v = Math.Round(r.NextDouble() * (rows.Count * 0.7 + 6), 1);
        var vs = v.ToString(inv);
        switch (kind % 21)
        {
            case 0: { var k = PickId(); return ($"id > {k}", x => x.Id > k); }
            case 1: { var k = PickId(); return ($"id <= {k}", x => x.Id <= k); }
            case 2: { var k = PickId(); return ($"id = {k}", x => x.Id == k); }
            case 3: return ($"name = '{name}'", x => x.Name == name);
            case 4: { var a = PickId(); var b = a + r.Next(0, 40); return ($"id >= {a} and id < {b}", x => x.Id >= a && x.Id < b); }
            case 5: { var a = PickId(); var b = a + r.Next(0, 40); return ($"id < {a} or id > {b}", x => x.Id < a || x.Id > b); }
            case 6: { var k = PickId(); return ($"not (id > {k})", x => !(x.Id > k)); }
            case 7: return ($"score > {vs}", x => x.Score is { } s && s > v);
            case 8: return ("name is null", x => x.Name is null);
            case 9: { var a = PickId(); var b = PickId(); return ($"id in ({a}, {b}, 5)", x => x.Id == a || x.Id == b || x.Id == 5); }
            case 10:
            {
                var day = 19_700 + r.Next(0, Math.Max(1, rows.Count / 3 + 2));
                var text = DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(day)).ToString("yyyy-MM-dd", inv);
                return ($"day >= '{text}'", x => x.Day >= day);
            }

            case 11:
            {
                var day = 19_700 + r.Next(0, Math.Max(1, rows.Count + 2));
                var moment = DateTime.UnixEpoch.AddDays(day).AddHours(r.Next(0, 3) - 1);
                var micros = (moment - DateTime.UnixEpoch).Ticks / 10;
                return ($"ts < '{moment:yyyy-MM-ddTHH:mm:ssZ}'", x => x.Ts < micros);
            }

            case 12: return ($"not (score < {vs})", x => x.Score is { } s && !(s < v));
            case 13: return ($"name != '{name}'", x => x.Name is { } n && n != name);
            case 14: { var k = r.Next(-20, rows.Count + 20); return ($"st.a > {k}", x => !x.StructNull && x.A is { } a && a > k); }
            case 15: return ($"not (name in ('{name}', 'beta'))", x => x.Name is { } n && n != name && n != "beta");
            case 17: { var k = PickId(); return ($"not (id < {k})", x => !(x.Id < k)); }
            case 18: { var k = PickId(); return ($"not (id >= {k} or id = {k + 7})", x => !(x.Id >= k || x.Id == k + 7)); }
            case 19: { var k = r.Next(-20, rows.Count + 20); return ($"not (st.a <= {k})", x => !x.StructNull && x.A is { } a && !(a <= k)); }
            default: return ($"name is not null and score <= {vs}", x => x.Name is not null && x.Score is { } s && s <= v);
        }
    }
}
