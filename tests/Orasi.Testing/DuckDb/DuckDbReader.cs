using System.Data.Common;
using DuckDB.NET.Data;

namespace Orasi.Testing.DuckDb;

/// <summary>
/// An independent reader for test assertions: an in-memory DuckDB database that reads Parquet files with
/// <c>read_parquet</c> (offline; no extensions are downloaded).
/// </summary>
public sealed class DuckDbReader : IDisposable
{
    private readonly DuckDBConnection _connection;

    /// <summary>Opens an in-memory DuckDB database.</summary>
    public DuckDbReader()
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
    }

    /// <summary>Rows in the Parquet file(s) at <paramref name="parquetPathOrGlob"/>.</summary>
    public long CountRows(string parquetPathOrGlob) =>
        Convert.ToInt64(Query($"select count(*) from read_parquet({Literal(parquetPathOrGlob)})")[0][0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Column names and DuckDB types of a Parquet file, as <c>DESCRIBE</c> reports them.</summary>
    public IReadOnlyList<(string Name, string Type)> DescribeParquet(string path) =>
        Query($"describe select * from read_parquet({Literal(path)})")
            .Select(row => ((string)row[0]!, (string)row[1]!))
            .ToArray();

    /// <summary>Runs <paramref name="sql"/> and returns every row (DBNull as null).</summary>
    public IReadOnlyList<object?[]> Query(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
