using Apache.Arrow;
using Orasi.Connectors.Iceberg.Tests.Support;

namespace Orasi.Connectors.Iceberg.Tests.Scan;

public sealed class EqualityDeleteTests
{
    [Fact]
    public async Task Equality_deletes_leave_two_rows()
    {
        await using var table = await TableReader.LoadAsync("equality_deletes/warehouse/mydb/mytable");
        var batches = await TableReader.ReadAllAsync(table);
        var rows = new List<(int, string, DateOnly)>();
        foreach (var b in batches)
        {
            var id = (Int32Array)b.Column("id");
            var name = (StringArray)b.Column("name");
            var bir = (Date32Array)b.Column("bir");
            for (var i = 0; i < b.Length; i++)
            {
                rows.Add((id.GetValue(i)!.Value, name.GetString(i), bir.GetDateOnly(i)!.Value));
            }
        }

        rows.Sort();
        Assert.Equal([(4, "d", new DateOnly(2025, 1, 4)), (5, "e", new DateOnly(2025, 1, 5))], rows);
    }
}
