using Apache.Arrow;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Tests.Support;
using Orasi.Connectors.Predicates;
using Orasi.Testing.DuckDb;

namespace Orasi.Connectors.Iceberg.Tests.Scan;

/// <summary>Projection by field id: added columns with initial defaults, name mapping for files without ids, nested structs.</summary>
public sealed class SchemaEvolutionTests
{
    [Fact]
    public async Task Added_columns_read_their_initial_defaults_in_old_files()
    {
        await using var table = await TableReader.LoadAsync("add_columns_with_defaults/default.db/add_columns_with_defaults");
        var batches = await TableReader.ReadAllAsync(table, new IcebergScanOptions { Predicate = Predicate.Parse("col1 = 'click'") });
        var b = Assert.Single(batches);
        Assert.Equal(1, b.Length);
        Assert.True(((BooleanArray)b.Column("col_boolean")).GetValue(0));
        Assert.Equal(342342, ((Int32Array)b.Column("col_integer")).GetValue(0));
        Assert.Equal(long.MinValue, ((Int64Array)b.Column("col_long")).GetValue(0));
        Assert.Equal(0.34234f, ((FloatArray)b.Column("col_float")).GetValue(0));
        Assert.Equal(12345.00m, ((Decimal128Array)b.Column("col_decimal")).GetValue(0));
        Assert.Equal(new DateOnly(2003, 10, 20), ((Date32Array)b.Column("col_date")).GetDateOnly(0));
        Assert.Equal(12345L, ((Time64Array)b.Column("col_time")).GetValue(0));
        Assert.Equal(12345L, ((TimestampArray)b.Column("col_timestamp")).Values[0]);
        Assert.Equal(12345L, ((TimestampArray)b.Column("col_timestamptz")).Values[0]);
        Assert.Equal("HELLO", ((StringArray)b.Column("col_string")).GetString(0));
        Assert.True(b.Column("col_binary").IsNull(0));
    }

    [Fact]
    public async Task Name_mapping_assigns_ids_to_files_without_them()
    {
        await using var table = await TableReader.LoadAsync("name_mapping/warehouse_1/mydb/t1");
        var batches = await TableReader.ReadAllAsync(table);
        var total = batches.Sum(x => x.Length);
        var nonNullB = batches.Sum(x => x.Column("b").Length - x.Column("b").NullCount);
        using var duck = new DuckDbReader();
        var files = (await table.PlanFilesAsync()).Select(t => Path.Combine(Corpus.Persistent("name_mapping/warehouse_1/mydb/t1/data"), Path.GetFileName(t.File.FilePath)));
        var expected = duck.Query($"select count(*), count(b) from read_parquet([{string.Join(", ", files.Select(DuckDbReader.Literal))}], union_by_name = true)")[0];
        Assert.Equal(Convert.ToInt64(expected[0], System.Globalization.CultureInfo.InvariantCulture), total);
        Assert.Equal(Convert.ToInt64(expected[1], System.Globalization.CultureInfo.InvariantCulture), nonNullB);
    }

    [Fact]
    public async Task Nested_struct_fields_are_read_by_name_mapping()
    {
        await using var table = await TableReader.LoadAsync("column_mapping/warehouse/default.db/my_table");
        var batches = await TableReader.ReadAllAsync(table, new IcebergScanOptions { Predicate = Predicate.Parse("id = 1"), Columns = ["name", "profile", "scores"] });
        var b = Assert.Single(batches);
        Assert.Equal("Alice", ((StringArray)b.Column("name")).GetString(0));
        var profile = (StructArray)b.Column("profile");
        Assert.Equal("alice@example.com", ((StringArray)profile.Fields[0]).GetString(0));
        Assert.True(((BooleanArray)profile.Fields[1]).GetValue(0));
        Assert.Equal(table.GetArrowSchema(new IcebergScanOptions { Columns = ["name", "profile", "scores"] }).FieldsList.Select(f => f.DataType.Name), b.Schema.FieldsList.Select(f => f.DataType.Name));
    }

    [Fact]
    public async Task Unknown_columns_and_conflicting_time_travel_are_rejected()
    {
        await using var table = await TableReader.LoadAsync("iceberg/lineitem_iceberg");
        await Assert.ThrowsAsync<ValidationFailedException>(() => TableReader.CountAsync(table, new IcebergScanOptions { Columns = ["nope"] }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => TableReader.CountAsync(table, new IcebergScanOptions { SnapshotId = 1, Ref = "main" }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => TableReader.CountAsync(table, new IcebergScanOptions { Ref = "nope" }));
    }
}
