using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Orasi.Testing;

namespace Orasi.Cli.Tests;

public sealed class ConfigAndHealthCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("cli-config");

    public void Dispose() => _dir.Dispose();

    private string WriteConfig(string toml)
    {
        var path = _dir.Combine("orasi.toml");
        File.WriteAllText(path, toml);
        return path;
    }

    [Fact]
    public async Task Config_show_merges_file_and_environment_and_redacts_secrets()
    {
        var file = WriteConfig("""
            [connector]
            timeout_seconds = 12
            password = "hunter2-file"

            [connectors.deltalake]
            table_path = "./lake/traces"
            storage_options = { aws_region = "eu-west-1", aws_secret_access_key = "very-secret-key" }

            [connectors.kafka]
            bootstrap_servers = ["localhost:9092"]
            topic = "telemetry-data"
            """);
        var env = new Dictionary<string, string>
        {
            ["KAFKA_TOPIC"] = "from-env",
            ["SNOWFLAKE_PASSWORD"] = "env-secret-pw",
        };

        var result = await CliRunner.RunAsync(env, "config", "show", "--config", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("timeout_seconds = 12", result.Output, StringComparison.Ordinal);
        Assert.Contains("from-env", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("telemetry-data", result.Output, StringComparison.Ordinal);
        Assert.Contains("eu-west-1", result.Output, StringComparison.Ordinal);
        foreach (var secret in new[] { "hunter2-file", "very-secret-key", "env-secret-pw" })
        {
            Assert.DoesNotContain(secret, result.Output + result.Error, StringComparison.Ordinal);
        }

        Assert.Contains("***", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_show_json_names_sources()
    {
        var file = WriteConfig("[connectors.deltalake]\ntable_path = \"/data/t\"\n");
        var env = new Dictionary<string, string> { ["DELTALAKE_BATCH_SIZE"] = "500" };

        var result = await CliRunner.RunAsync(env, "config", "show", "--config", file, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var entries = JsonDocument.Parse(result.Output).RootElement.EnumerateArray()
            .ToDictionary(e => e.GetProperty("key").GetString()!, e => (Value: e.GetProperty("value").GetString(), Source: e.GetProperty("source").GetString()));
        Assert.Equal(("/data/t", "file"), entries["connectors.deltalake.table_path"]);
        Assert.Equal(("500", "environment"), entries["connectors.deltalake.batch_size"]);
        Assert.Equal(("30", "default"), entries["connector.timeout_seconds"]);
    }

    [Fact]
    public async Task Config_file_from_environment_variable_and_missing_file_error()
    {
        var file = WriteConfig("[connector]\nbatch_size = 77\n");

        var viaEnv = await CliRunner.RunAsync(new Dictionary<string, string> { ["ORASI_CONFIG"] = file }, "config", "show");
        var missing = await CliRunner.RunAsync("config", "show", "--config", _dir.Combine("absent.toml"));

        Assert.Contains("batch_size = 77", viaEnv.Output, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("absent.toml", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_config_file_names_the_file_and_line()
    {
        var file = WriteConfig("[connector]\ntimeout_seconds = = 3\n");

        var result = await CliRunner.RunAsync("config", "show", "--config", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("orasi.toml", result.Error, StringComparison.Ordinal);
        Assert.Contains("2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_uses_the_deltalake_connector_and_reports_unbuilt_connectors_as_degraded_and_unreachable_as_unhealthy()
    {
        var lake = Directory.CreateDirectory(_dir.Combine("lake")).FullName;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var openPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        var file = WriteConfig($"""
            [connectors.deltalake]
            table_path = "{lake}"

            [connectors.kafka]
            bootstrap_servers = ["127.0.0.1:{openPort}"]
            """);

        var ok = await CliRunner.RunAsync("health", "--config", file, "--format", "json");

        Assert.True(ok.ExitCode == 0, ok.ToString());
        var states = JsonDocument.Parse(ok.Output).RootElement.EnumerateArray()
            .ToDictionary(e => e.GetProperty("connector").GetString()!, e => e.GetProperty("state").GetString());
        Assert.Equal("healthy", states["deltalake"]); // the real connector: reachable location, no table yet
        Assert.Equal("degraded", states["kafka"]);

        listener.Stop();
        var down = await CliRunner.RunAsync("health", "--config", file, "--format", "json");
        Assert.Equal(1, down.ExitCode);
        var downStates = JsonDocument.Parse(down.Output).RootElement.EnumerateArray()
            .ToDictionary(e => e.GetProperty("connector").GetString()!, e => e.GetProperty("state").GetString());
        Assert.Equal("unhealthy", downStates["kafka"]);
    }

    [Fact]
    public async Task Health_with_no_connectors_says_how_to_configure_one()
    {
        var file = WriteConfig("[connector]\ntimeout_seconds = 5\n");

        var result = await CliRunner.RunAsync("health", "--config", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("DELTALAKE_TABLE_PATH", result.Output, StringComparison.Ordinal);
    }
}
