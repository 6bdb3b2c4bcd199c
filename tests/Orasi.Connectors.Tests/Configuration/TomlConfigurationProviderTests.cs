using Microsoft.Extensions.Configuration;
using Orasi.Connectors.Configuration;

namespace Orasi.Connectors.Tests.Configuration;

public class TomlConfigurationProviderTests
{
    private const string SeedToml = """
        [connector]
        timeout_seconds = 45
        enable_metrics = false

        [connectors.deltalake]
        table_path = "./lake/traces"
        storage_options = { aws_region = "us-east-1", nested = { depth = 2 } }
        partition_columns = ["service_name", "date"]
        ratio = 0.25

        [[connectors.kafka.topics]]
        name = "a"
        [[connectors.kafka.topics]]
        name = "b"
        """;

    [Fact]
    public void Flattens_tables_inline_tables_arrays_and_table_arrays_into_colon_paths()
    {
        using var file = new TempConfigFile(SeedToml);
        IConfigurationRoot config = new ConfigurationBuilder().AddTomlFile(file.Path).Build();

        Assert.Equal("45", config["connector:timeout_seconds"]);
        Assert.Equal("false", config["connector:enable_metrics"]);
        Assert.Equal("./lake/traces", config["connectors:deltalake:table_path"]);
        Assert.Equal("us-east-1", config["connectors:deltalake:storage_options:aws_region"]);
        Assert.Equal("2", config["connectors:deltalake:storage_options:nested:depth"]);
        Assert.Equal("service_name", config["connectors:deltalake:partition_columns:0"]);
        Assert.Equal("date", config["connectors:deltalake:partition_columns:1"]);
        Assert.Equal("0.25", config["connectors:deltalake:ratio"]);
        Assert.Equal("a", config["connectors:kafka:topics:0:name"]);
        Assert.Equal("b", config["connectors:kafka:topics:1:name"]);
    }

    [Fact]
    public void Missing_optional_file_gives_no_keys_and_missing_required_file_names_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid().ToString("N") + ".toml");
        IConfigurationRoot config = new ConfigurationBuilder().AddTomlFile(path, optional: true).Build();
        Assert.DoesNotContain(config.AsEnumerable(), p => p.Value is not null);

        var ex = Assert.Throws<ValidationFailedException>(() => new ConfigurationBuilder().AddTomlFile(path).Build());
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[connector]\ntimeout_seconds = 30\nbatch_size = \n", 3, 14)]
    [InlineData("a = 1\n\n[x]\ny = [1, 2\n", 5, 1)]
    [InlineData("[connectors.kafka]\ntopic = \"t\"\ntopic = \"u\"\n", 3, 1)]
    public void Parse_error_names_file_line_and_column(string toml, int line, int column)
    {
        using var file = new TempConfigFile(toml, "broken.toml");
        var ex = Assert.Throws<ValidationFailedException>(() => OrasiConfiguration.Load(file.Path, new Dictionary<string, string>()));
        Assert.Contains(file.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}, column {column}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_error_keeps_tokens_of_ordinary_keys_for_diagnosis()
    {
        using var file = new TempConfigFile("[connectors.kafka]\ntopic = spans\n");
        var ex = Assert.Throws<ValidationFailedException>(() => OrasiConfiguration.Load(file.Path, new Dictionary<string, string>()));
        Assert.Contains("`spans`", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 2, column 9", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[connector]\npassword = hunter2sekret\n", "hunter")]
    [InlineData("[connectors.s3_parquet]\naws_secret_access_key = \"abc\" wJalrXUtnFEMI\n", "wJalrXUtnFEMI")]
    [InlineData("[connector]\npassword = \"hunter2sekret\"\npassword = \"other\"\n", "hunter2sekret")]
    public void Parse_error_never_echoes_secret_values(string toml, string secret)
    {
        using var file = new TempConfigFile(toml);
        var ex = Assert.Throws<ValidationFailedException>(() => OrasiConfiguration.Load(file.Path, new Dictionary<string, string>()));
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("line ", ex.Message, StringComparison.Ordinal);
    }
}
