using Orasi.Connectors.Configuration;
using Orasi.Connectors.DeltaLake.Connector;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.Parquet;

namespace Orasi.Connectors.DeltaLake.Tests.Connector;

public sealed class DeltaLakeOptionsTests
{
    private static DeltaLakeOptions Bind(Dictionary<string, string> environment) =>
        DeltaLakeOptions.FromConfiguration(OrasiConfiguration.Load(null, environment));

    [Fact]
    public void EnvironmentVariablesBindEveryKey()
    {
        var options = Bind(new Dictionary<string, string>
        {
            ["DELTALAKE_TABLE_PATH"] = "s3://lake/traces",
            ["DELTALAKE_STORAGE_OPTIONS"] = """{"aws_region":"eu-west-1","aws_endpoint":"http://127.0.0.1:9000"}""",
            ["DELTALAKE_PARTITION_BY"] = "event_date,service_name",
            ["DELTALAKE_MODE"] = "overwrite",
            ["DELTALAKE_SCHEMA_MODE"] = "merge",
            ["DELTALAKE_COMPRESSION"] = "zstd",
            ["DELTALAKE_TARGET_FILE_SIZE"] = "1048576",
            ["DELTALAKE_APP_ID"] = "ingest-1",
            ["DELTALAKE_CHECKPOINT_INTERVAL"] = "50",
            ["DELTALAKE_PROPERTIES"] = """{"delta.appendOnly":"true"}""",
            ["DELTALAKE_BATCH_SIZE"] = "5000",
        });

        Assert.Equal("s3://lake/traces", options.TablePath);
        Assert.Equal("eu-west-1", options.StorageOptions["aws_region"]);
        Assert.Equal("http://127.0.0.1:9000", options.StorageOptions["aws_endpoint"]);
        Assert.Equal(["event_date", "service_name"], options.PartitionBy);
        Assert.Equal(DeltaWriteMode.Overwrite, options.Mode);
        Assert.Equal(DeltaSchemaMode.Merge, options.SchemaMode);
        Assert.Equal(ParquetCompression.Zstd, options.Compression);
        Assert.Equal(1_048_576, options.TargetFileSize);
        Assert.Equal("ingest-1", options.AppId);
        Assert.Equal(5000, options.BatchSize);
        var properties = options.TableProperties();
        Assert.Equal("50", properties["delta.checkpointInterval"]);
        Assert.Equal("true", properties["delta.appendOnly"]);
    }

    [Fact]
    public void TomlSectionBindsAndCommonKeysFallBack()
    {
        using var dir = new Orasi.Testing.TempDirectory();
        var file = dir.Combine("orasi.toml");
        File.WriteAllText(file, """
            [connector]
            batch_size = 250

            [connectors.deltalake]
            table_path = "./lake/t"
            storage_options = { aws_region = "us-east-1" }
            partition_by = ["event_date"]
            """);
        var options = DeltaLakeOptions.FromConfiguration(OrasiConfiguration.Load(file, new Dictionary<string, string>()));
        Assert.Equal("./lake/t", options.TablePath);
        Assert.Equal(250, options.BatchSize);
        Assert.Equal(["event_date"], options.PartitionBy);
        Assert.Equal(DeltaWriteMode.Append, options.Mode);
        Assert.Equal("us-east-1", options.StorageOptions["aws_region"]);
    }

    [Fact]
    public void MissingTablePathNamesTheKeyAndVariable()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => Bind(new Dictionary<string, string> { ["DELTALAKE_MODE"] = "append" }));
        Assert.Contains("connectors.deltalake.table_path", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DELTALAKE_TABLE_PATH", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELTALAKE_MODE", "ignore", "mode")]
    [InlineData("DELTALAKE_MODE", "sideways", "mode")]
    [InlineData("DELTALAKE_SCHEMA_MODE", "overwrite", "schema_mode")]
    [InlineData("DELTALAKE_COMPRESSION", "brotli9", "compression")]
    [InlineData("DELTALAKE_CHECKPOINT_INTERVAL", "0", "checkpoint_interval")]
    public void BadValuesAreRejectedWithTheirKey(string variable, string value, string key)
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => Bind(new Dictionary<string, string>
        {
            ["DELTALAKE_TABLE_PATH"] = "/tmp/t",
            [variable] = value,
        }));
        Assert.Contains("connectors.deltalake." + key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretsInStorageOptionsAreNotShownInErrors()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => Bind(new Dictionary<string, string>
        {
            ["DELTALAKE_STORAGE_OPTIONS"] = """{"aws_secret_access_key":"SUPERSECRET"}""",
        }));
        Assert.DoesNotContain("SUPERSECRET", ex.Message, StringComparison.Ordinal);
    }
}
