using System.Text.Json;
using Orasi.Testing;
using Orasi.Testing.Kafka;

namespace Orasi.Cli.Tests;

[Collection(KafkaMockClusterFixture.CollectionName)]
public sealed class KafkaCommandTests(KafkaMockClusterFixture kafka)
{
    [Fact]
    public async Task Produce_generated_traces_then_consume_them_as_jsonl()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("cli", partitions: 3);
        var produced = await CliRunner.RunAsync("kafka", "produce", "--bootstrap-servers", kafka.BootstrapServers, "--topic", topic, "--generate", "traces", "--records", "500");
        Assert.True(produced.ExitCode == 0, produced.ToString());
        Assert.Contains("500 delivered, 0 failed", produced.Output, StringComparison.Ordinal);

        var consumed = await CliRunner.RunAsync("kafka", "consume", "--bootstrap-servers", kafka.BootstrapServers, "--topic", topic, "--group", "cli-g", "--max", "500", "--format", "jsonl");
        Assert.True(consumed.ExitCode == 0, consumed.ToString());
        var lines = consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(500, lines.Length);
        Assert.All(lines, l => Assert.True(JsonDocument.Parse(l).RootElement.TryGetProperty("trace_id", out _)));
        Assert.Equal(500, lines.Distinct().Count());

        // The group committed: a second run with the same group sees nothing new.
        var again = await CliRunner.RunAsync("kafka", "consume", "--bootstrap-servers", kafka.BootstrapServers, "--topic", topic, "--group", "cli-g", "--idle-timeout", "2");
        Assert.Equal(0, again.ExitCode);
        Assert.Empty(again.Output.Trim());
    }

    [Fact]
    public async Task Bootstrap_servers_come_from_the_environment()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("cli-env", partitions: 5);
        var env = new Dictionary<string, string> { ["KAFKA_BOOTSTRAP_SERVERS"] = kafka.BootstrapServers, ["KAFKA_TOPIC"] = topic };
        var list = await CliRunner.RunAsync(env, "kafka", "topics", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains($"{topic}\tpartitions=5", list.Output, StringComparison.Ordinal);

        var describe = await CliRunner.RunAsync(env, "kafka", "topics", "describe", topic);
        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Contains("5 partitions", describe.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Produce_a_jsonl_file()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "rows.jsonl");
        await File.WriteAllLinesAsync(file, ["{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}"]);
        string topic = kafka.Cluster.CreateUniqueTopic("cli-file", partitions: 1);
        var produced = await CliRunner.RunAsync("kafka", "produce", "-b", kafka.BootstrapServers, "--topic", topic, "--input", file);
        Assert.True(produced.ExitCode == 0, produced.ToString());
        Assert.Contains("2 delivered", produced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        var both = await CliRunner.RunAsync("kafka", "produce", "-b", kafka.BootstrapServers, "--topic", "x");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--generate", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_of_a_missing_topic_fails_with_its_name()
    {
        var result = await CliRunner.RunAsync("kafka", "topics", "describe", "nope-" + Guid.NewGuid().ToString("N"), "-b", kafka.BootstrapServers);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope-", result.Error, StringComparison.Ordinal);
    }
}
