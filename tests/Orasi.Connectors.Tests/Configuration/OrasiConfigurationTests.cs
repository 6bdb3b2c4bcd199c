using Microsoft.Extensions.Configuration;
using Orasi.Connectors.Configuration;

namespace Orasi.Connectors.Tests.Configuration;

public class OrasiConfigurationTests
{
    private static Dictionary<string, string> Env(params (string Name, string Value)[] vars) =>
        vars.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void Defaults_apply_when_nothing_is_configured()
    {
        IConfigurationRoot config = OrasiConfiguration.Load(null, Env());
        ConnectorOptions options = ConnectorOptions.FromConfiguration(config);

        Assert.Equal(30, options.TimeoutSeconds);
        Assert.Equal(1000, options.BatchSize);
        Assert.Equal(10, options.MaxConnections);
        Assert.Equal(3, options.RetryAttempts);
        Assert.True(options.EnableMetrics);
        Assert.True(options.EnableTracing);
        Assert.Null(options.Host);
        Assert.Null(options.Port);
        Assert.Null(options.Username);
        Assert.Null(options.Password);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
    }

    [Fact]
    public void Environment_beats_file_beats_defaults()
    {
        using var file = new TempConfigFile("""
            [connector]
            timeout_seconds = 60
            batch_size = 500
            host = "file-host"
            """);
        IConfigurationRoot config = OrasiConfiguration.Load(file.Path, Env(("CONNECTOR_TIMEOUT_SECONDS", "90")));
        ConnectorOptions options = ConnectorOptions.FromConfiguration(config);

        Assert.Equal(90, options.TimeoutSeconds);      // environment
        Assert.Equal(500, options.BatchSize);          // file
        Assert.Equal("file-host", options.Host);      // file
        Assert.Equal(10, options.MaxConnections);      // default
    }

    [Fact]
    public void Common_keys_are_inherited_by_every_connector_unless_its_section_overrides_them()
    {
        using var file = new TempConfigFile("""
            [connector]
            batch_size = 500
            retry_attempts = 7

            [connectors.kafka]
            batch_size = 200
            topic = "spans"

            [connectors.deltalake]
            table_path = "./lake/traces"
            """);
        IConfigurationRoot config = OrasiConfiguration.Load(file.Path, Env(("KAFKA_TIMEOUT_SECONDS", "5")));

        ConnectorOptions kafka = ConnectorOptions.FromConfiguration(config, "kafka");
        ConnectorOptions delta = ConnectorOptions.FromConfiguration(config, "deltalake");

        Assert.Equal(200, kafka.BatchSize);
        Assert.Equal(7, kafka.RetryAttempts);
        Assert.Equal(5, kafka.TimeoutSeconds);
        Assert.Equal(500, delta.BatchSize);
        Assert.Equal(7, delta.RetryAttempts);
        Assert.Equal(30, delta.TimeoutSeconds);
    }

    [Fact]
    public void Connector_key_beats_common_key_even_when_the_common_key_comes_from_the_environment()
    {
        using var file = new TempConfigFile("[connectors.kafka]\ntimeout_seconds = 5\n");
        IConfigurationRoot config = OrasiConfiguration.Load(file.Path, Env(("CONNECTOR_TIMEOUT_SECONDS", "60")));

        Assert.Equal(5, ConnectorOptions.FromConfiguration(config, "kafka").TimeoutSeconds);
        Assert.Equal(60, ConnectorOptions.FromConfiguration(config, "iceberg").TimeoutSeconds);
    }

    [Fact]
    public void Environment_variables_map_to_connector_keys_including_multi_word_connector_names()
    {
        IConfigurationRoot config = OrasiConfiguration.Load(null, Env(
            ("DELTALAKE_TABLE_PATH", "s3://bucket/traces"),
            ("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
            ("KAFKA_TOPIC", "otel-spans"),
            ("S3_PARQUET_BUCKET", "data"),
            ("SNOWFLAKE_ACCOUNT", "xy12345"),
            ("ICEBERG_WAREHOUSE", "/wh"),
            ("HUDI_TABLE_TYPE", "MERGE_ON_READ"),
            ("CONNECTOR_BATCH_SIZE", "250"),
            ("CONNECTOR_NOT_A_COMMON_KEY", "x"),
            ("PATH", "/usr/bin"),
            ("HOME", "/root")));

        Assert.Equal("s3://bucket/traces", config["connectors:deltalake:table_path"]);
        Assert.Equal("localhost:9092", config["connectors:kafka:bootstrap_servers"]);
        Assert.Equal("otel-spans", config["connectors:kafka:topic"]);
        Assert.Equal("data", config["connectors:s3_parquet:bucket"]);
        Assert.Null(config["connectors:s3:parquet_bucket"]);
        Assert.Equal("xy12345", config["connectors:snowflake:account"]);
        Assert.Equal("/wh", config["connectors:iceberg:warehouse"]);
        Assert.Equal("MERGE_ON_READ", config["connectors:hudi:table_type"]);
        Assert.Equal("250", config["connector:batch_size"]);
        Assert.Null(config["connector:not_a_common_key"]);
        Assert.DoesNotContain(config.AsEnumerable(), p => p.Value == "/usr/bin" || p.Value == "/root");
    }

    [Fact]
    public void Registered_and_file_declared_connector_names_get_environment_variables_too()
    {
        KnownConnectors.Register("clickhouse_test");
        using var file = new TempConfigFile("[connectors.custom]\nurl = \"file\"\n");
        IConfigurationRoot config = OrasiConfiguration.Load(file.Path, Env(
            ("CLICKHOUSE_TEST_URL", "http://ch"),
            ("CUSTOM_URL", "env")));

        Assert.Equal("http://ch", config["connectors:clickhouse_test:url"]);
        Assert.Equal("env", config["connectors:custom:url"]);
        Assert.Contains("clickhouse_test", KnownConnectors.Names);
        Assert.Throws<ValidationFailedException>(() => KnownConnectors.Register("Bad Name!"));
    }

    [Fact]
    public void Json_valued_environment_variables_expand_into_child_keys_and_override_the_file()
    {
        using var file = new TempConfigFile("""
            [connectors.deltalake]
            table_path = "./lake"
            storage_options = { aws_region = "eu-west-1", endpoint = "http://file" }
            """);
        IConfigurationRoot config = OrasiConfiguration.Load(file.Path, Env(
            ("DELTALAKE_STORAGE_OPTIONS", """{"aws_region":"us-east-1","allow_http":true,"retries":3,"nested":{"a":"b"}}"""),
            ("KAFKA_PROPERTIES", """{"compression.type":"lz4"}""")));

        var options = OptionsBinder.Bind<SampleDeltaLakeOptions>(config, "deltalake");
        Assert.Equal("us-east-1", options.StorageOptions["aws_region"]);
        Assert.Equal("http://file", options.StorageOptions["endpoint"]);   // file keys not in the JSON remain
        Assert.Equal("true", options.StorageOptions["allow_http"]);
        Assert.Equal("3", options.StorageOptions["retries"]);
        Assert.Equal("b", options.StorageOptions["nested.a"]);
        Assert.Equal("lz4", config["connectors:kafka:properties:compression.type"]);
    }

    [Theory]
    [InlineData("{\"aws_secret_access_key\": \"SUPERSECRETVALUE\"", "not valid JSON")]
    [InlineData("[\"SUPERSECRETVALUE\"]", "holds a JSON array")]
    [InlineData("SUPERSECRETVALUE", "not valid JSON")]
    public void Malformed_json_environment_value_names_the_variable_without_echoing_it(string value, string reason)
    {
        var ex = Assert.Throws<ValidationFailedException>(() =>
            OrasiConfiguration.Load(null, Env(("DELTALAKE_STORAGE_OPTIONS", value))));
        Assert.Contains("DELTALAKE_STORAGE_OPTIONS", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SUPERSECRETVALUE", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_connector_options_bind_snake_case_keys_lists_enums_and_durations()
    {
        using var file = new TempConfigFile("""
            [connectors.deltalake]
            table_path = "s3://bucket/traces"
            storage_options = { aws_region = "us-east-1" }
            partition_columns = ["service_name", "date"]
            mode = "error_if_exists"
            checkpoint_interval = 90
            """);
        var options = OptionsBinder.Bind<SampleDeltaLakeOptions>(
            OrasiConfiguration.Load(file.Path, Env(("CONNECTOR_PORT", "8080"))), "deltalake");

        Assert.Equal("s3://bucket/traces", options.TablePath);
        Assert.Equal(["service_name", "date"], options.PartitionColumns);
        Assert.Equal(SampleWriteMode.ErrorIfExists, options.Mode);
        Assert.Equal(TimeSpan.FromSeconds(90), options.CheckpointInterval);
        Assert.Equal(8080, options.Port);
        Assert.Equal(1000, options.BatchSize);
    }

    [Fact]
    public void Comma_separated_environment_value_binds_to_a_list()
    {
        var options = OptionsBinder.Bind<SampleDeltaLakeOptions>(
            OrasiConfiguration.Load(null, Env(("DELTALAKE_TABLE_PATH", "./t"), ("DELTALAKE_PARTITION_COLUMNS", "a, b,c"))), "deltalake");
        Assert.Equal(["a", "b", "c"], options.PartitionColumns);
    }

    [Fact]
    public void Binding_a_connector_section_directly_works_without_common_fallback()
    {
        using var file = new TempConfigFile("[connector]\nbatch_size = 5\n[connectors.deltalake]\ntable_path = \"./t\"\n");
        IConfigurationRoot config = OrasiConfiguration.Load(file.Path, Env());
        var options = OptionsBinder.Bind<SampleDeltaLakeOptions>(config.GetSection("connectors:deltalake"), "deltalake");
        Assert.Equal("./t", options.TablePath);
        Assert.Equal(1000, options.BatchSize);
    }
}
