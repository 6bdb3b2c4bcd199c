using FsCheck;
using FsCheck.Fluent;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Testing;
using Orasi.Testing.Postgres;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

/// <summary>Random operation sequences against an in-memory model, on the filesystem, SQLite and S3 catalogs
/// (PostgreSQL: <see cref="PostgresOperationPropertyTests"/>).</summary>
[Collection(MotoServerFixture.CollectionName)]
public sealed class OperationPropertyTests(MotoServerFixture moto)
{
    [Theory]
    [InlineData("fs")]
    [InlineData("sql")]
    public void Random_operation_sequences_match_an_in_memory_model(string catalogKind) =>
        Check(8, async (seed, operations, layout) =>
        {
            using var dir = new TempDirectory("ice-prop");
            await using var catalog = await OpenAsync(catalogKind, dir);
            await OperationModel.RunAsync(catalog, seed, operations, layout);
        });

    [Fact]
    public void Random_operation_sequences_match_an_in_memory_model_on_s3() =>
        Check(3, async (seed, operations, layout) =>
        {
            var bucket = await moto.CreateBucketAsync("ice-prop");
            await using var catalog = new FileSystemCatalog($"s3://{bucket}/warehouse", moto.StorageOptions());
            await catalog.CreateNamespaceAsync("db");
            await OperationModel.RunAsync(catalog, seed, operations, layout);
        });

    /// <summary>Runs <paramref name="body"/> for FsCheck-generated (seed, 4–11 operations, layout 0–2) cases.</summary>
    internal static void Check(int cases, Func<int, int, int, Task> body)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(cases);
        Prop.ForAll<int, byte, byte>((seed, length, layout) =>
        {
            Task.Run(() => body(seed, 4 + length % 8, layout % 3)).GetAwaiter().GetResult();
        }).Check(config);
    }
}

/// <summary>Random operation sequences against an in-memory model on the PostgreSQL catalog.</summary>
[Collection(PostgresServerFixture.CollectionName)]
public sealed class PostgresOperationPropertyTests(PostgresServerFixture pg)
{
    [Fact]
    public void Random_operation_sequences_match_an_in_memory_model_on_postgres() =>
        OperationPropertyTests.Check(4, async (seed, operations, layout) =>
        {
            using var dir = new TempDirectory("ice-prop-pg");
            await using var catalog = await OpenAsync("pg", dir, pg);
            await OperationModel.RunAsync(catalog, seed, operations, layout);
        });
}
