using Orasi.Testing;

namespace Orasi.Connectors.Iceberg.Tests.Process;

/// <summary>Concurrent appenders in separate processes committing through one SQLite catalog.</summary>
public sealed class MultiProcessAppendTests : IDisposable
{
    private readonly TempDirectory _dir = new("iceberg-proc");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public Task FourProcessesAppendFiftyTimesEachThroughOneSqliteCatalogWithEveryRowExactlyOnce() =>
        MultiProcessAppend.RunAsync(_dir.Combine("catalog.db"), _dir.Combine("wh"), processes: 4, appends: 50, rows: 3);
}
