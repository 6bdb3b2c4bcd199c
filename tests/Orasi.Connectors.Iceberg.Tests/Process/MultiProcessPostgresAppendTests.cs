using Orasi.Testing;
using Orasi.Testing.Postgres;

namespace Orasi.Connectors.Iceberg.Tests.Process;

/// <summary>Concurrent appenders in separate processes committing through one PostgreSQL catalog (via the connector and a URI).</summary>
[Collection(PostgresServerFixture.CollectionName)]
public sealed class MultiProcessPostgresAppendTests(PostgresServerFixture pg)
{
    [Fact]
    public async Task Four_processes_append_through_one_postgres_catalog_with_every_row_exactly_once()
    {
        using var dir = new TempDirectory("iceberg-pg-proc");
        await MultiProcessAppend.RunAsync(pg.UriFor(await pg.CreateDatabaseAsync()), dir.Combine("wh"), processes: 4, appends: 25, rows: 3);
    }
}
