using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orasi.Connectors.Storage;
using MsHealthStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus;

namespace Orasi.Connectors.Tests.Connectors;

public sealed class ConnectorHealthCheckTests
{
    private sealed class FakeConnector(Func<CancellationToken, Task<HealthStatus>> check) : IConnector
    {
        public string Name => "fake";

        public Task ConnectAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task DisconnectAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<HealthStatus> HealthCheckAsync(CancellationToken cancellationToken = default) => check(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static HealthCheckContext Context() => new()
    {
        Registration = new HealthCheckRegistration("fake", _ => null!, MsHealthStatus.Unhealthy, null),
    };

    [Theory]
    [InlineData(HealthState.Healthy, MsHealthStatus.Healthy)]
    [InlineData(HealthState.Degraded, MsHealthStatus.Degraded)]
    [InlineData(HealthState.Unhealthy, MsHealthStatus.Unhealthy)]
    public async Task States_map_to_health_check_results_with_description_and_data(HealthState state, MsHealthStatus expected)
    {
        var data = new Dictionary<string, object> { ["latency_ms"] = 3.5 };
        var check = new ConnectorHealthCheck(new FakeConnector(_ => Task.FromResult(new HealthStatus(state, "why", data))));

        var result = await check.CheckHealthAsync(Context());

        Assert.Equal(expected, result.Status);
        Assert.Equal("why", result.Description);
        Assert.Equal(3.5, result.Data["latency_ms"]);
    }

    [Fact]
    public async Task A_throwing_connector_is_reported_with_the_registration_failure_status()
    {
        var check = new ConnectorHealthCheck(new FakeConnector(_ => throw new ConnectionFailedException("broker 127.0.0.1:9 refused the connection")));

        var result = await check.CheckHealthAsync(Context());

        Assert.Equal(MsHealthStatus.Unhealthy, result.Status);
        Assert.Contains("refused", result.Description, StringComparison.Ordinal);
        Assert.IsType<ConnectionFailedException>(result.Exception);
    }

    [Fact]
    public async Task Cancellation_is_not_swallowed()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var check = new ConnectorHealthCheck(new FakeConnector(ct => Task.FromCanceled<HealthStatus>(ct)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check.CheckHealthAsync(Context(), cts.Token));
    }

    [Fact]
    public async Task Object_store_health_is_healthy_for_a_reachable_store_and_unhealthy_for_a_closed_endpoint()
    {
        await using var memory = new MemoryObjectStore("health-" + Guid.NewGuid().ToString("N"));
        var ok = await ObjectStoreHealth.CheckAsync(memory);

        await using var closed = ObjectStoreFactory.Open("s3://bucket/prefix", new Dictionary<string, string>
        {
            ["aws_endpoint"] = "http://127.0.0.1:1",
            ["aws_allow_http"] = "true",
            ["aws_access_key_id"] = "x",
            ["aws_secret_access_key"] = "sekrit-value-123",
            ["aws_region"] = "us-east-1",
            ["max_retries"] = "0",
        });
        var bad = await ObjectStoreHealth.CheckAsync(closed);

        Assert.Equal(HealthState.Healthy, ok.State);
        Assert.Equal(HealthState.Unhealthy, bad.State);
        Assert.Contains("127.0.0.1:1", bad.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("y", bad.Description.Split(' ').Where(w => w == "y"));
    }
}
