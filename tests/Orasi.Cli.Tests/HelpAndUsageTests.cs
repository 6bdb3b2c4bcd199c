namespace Orasi.Cli.Tests;

public sealed class HelpAndUsageTests
{
    [Fact]
    public async Task Help_lists_every_command()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "config", "health", "generate", "scan" })
        {
            Assert.Contains(command, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_commands_and_options_exit_with_two_on_stderr()
    {
        var unknownCommand = await CliRunner.RunAsync("frobnicate");
        var unknownOption = await CliRunner.RunAsync("generate", "--kind", "traces", "--records", "1", "--output", "x.parquet", "--bogus");

        Assert.Equal(2, unknownCommand.ExitCode);
        Assert.Contains("frobnicate", unknownCommand.Error, StringComparison.Ordinal);
        Assert.Equal(2, unknownOption.ExitCode);
        Assert.Contains("--bogus", unknownOption.Error, StringComparison.Ordinal);
        Assert.Equal("", unknownOption.Output);
    }
}
