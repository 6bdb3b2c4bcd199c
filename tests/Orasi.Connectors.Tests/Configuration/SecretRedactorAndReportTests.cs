using Orasi.Connectors.Configuration;

namespace Orasi.Connectors.Tests.Configuration;

public class SecretRedactorAndReportTests
{
    [Theory]
    [InlineData("password", true)]
    [InlineData("connector:password", true)]
    [InlineData("connectors.kafka.sasl_password", true)]
    [InlineData("connectors:s3_parquet:storage_options:aws_secret_access_key", true)]
    [InlineData("aws_session_token", true)]
    [InlineData("private_key", true)]
    [InlineData("client_secret", true)]
    [InlineData("credentials", true)]
    [InlineData("token", true)]
    [InlineData("api_key", true)]
    [InlineData("encryption_key", true)]
    [InlineData("ssl-key-password", true)]
    [InlineData("KAFKA_SASL_PASSWORD", true)]
    [InlineData("partition_key", false)]
    [InlineData("key_column", false)]
    [InlineData("record_key", false)]
    [InlineData("aws_access_key_id", false)]
    [InlineData("aws_region", false)]
    [InlineData("username", false)]
    [InlineData("table_path", false)]
    [InlineData("token_endpoint", false)]
    [InlineData("", false)]
    public void Decides_secrecy_by_key_name(string key, bool secret)
    {
        Assert.Equal(secret, SecretRedactor.IsSecret(key));
        Assert.Equal(secret ? "***" : "v", SecretRedactor.Redact(key, "v"));
    }

    [Theory]
    [InlineData("TimeoutSeconds", "timeout_seconds")]
    [InlineData("S3Bucket", "s3_bucket")]
    [InlineData("EnableTLSVerify", "enable_tls_verify")]
    [InlineData("Host", "host")]
    public void Property_names_map_to_snake_case(string property, string key) =>
        Assert.Equal(key, ConfigurationKeyNaming.ToSnakeCase(property));

    private const string FileText = """
        [connector]
        host = "db.internal"
        password = "file-password-123"

        [connectors.deltalake]
        table_path = "./lake/traces"
        partition_key = "date"
        storage_options = { aws_region = "us-east-1", aws_secret_access_key = "FILESECRETKEY" }

        [connectors.kafka]
        topics = ["a", "b"]
        """;

    [Fact]
    public void Report_lists_every_key_with_redacted_value_and_source()
    {
        using var file = new TempConfigFile(FileText);
        var config = OrasiConfiguration.Load(file.Path, new Dictionary<string, string>
        {
            ["KAFKA_SASL_PASSWORD"] = "env-secret-456",
            ["KAFKA_BOOTSTRAP_SERVERS"] = "localhost:9092",
            ["CONNECTOR_BATCH_SIZE"] = "10",
        });
        var report = ConfigurationReport.Create(config);
        var byKey = report.Entries.ToDictionary(e => e.Key);

        Assert.Equal(new ConfigurationEntry("connector.timeout_seconds", "30", ConfigurationValueSource.Default, false), byKey["connector.timeout_seconds"]);
        Assert.Equal(new ConfigurationEntry("connector.batch_size", "10", ConfigurationValueSource.Environment, false), byKey["connector.batch_size"]);
        Assert.Equal(new ConfigurationEntry("connector.host", "db.internal", ConfigurationValueSource.File, false), byKey["connector.host"]);
        Assert.Equal(new ConfigurationEntry("connector.password", "***", ConfigurationValueSource.File, true), byKey["connector.password"]);
        Assert.Equal("***", byKey["connectors.kafka.sasl_password"].Value);
        Assert.Equal(ConfigurationValueSource.Environment, byKey["connectors.kafka.sasl_password"].Source);
        Assert.Equal("***", byKey["connectors.deltalake.storage_options.aws_secret_access_key"].Value);
        Assert.Equal("date", byKey["connectors.deltalake.partition_key"].Value);
        Assert.Equal("b", byKey["connectors.kafka.topics.1"].Value);

        // [connector] first in the seed's order, then connectors by name.
        Assert.Equal("connector.host", report.Entries[0].Key);
        Assert.True(report.Entries.ToList().FindIndex(e => e.Key.StartsWith("connectors.deltalake", StringComparison.Ordinal))
            < report.Entries.ToList().FindIndex(e => e.Key.StartsWith("connectors.kafka", StringComparison.Ordinal)));

        string all = string.Join("\n", report.Entries.Select(e => e.Value));
        Assert.DoesNotContain("file-password-123", all, StringComparison.Ordinal);
        Assert.DoesNotContain("env-secret-456", all, StringComparison.Ordinal);
        Assert.DoesNotContain("FILESECRETKEY", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Toml_rendering_uses_the_seed_layout_masks_secrets_and_parses_back()
    {
        using var file = new TempConfigFile(FileText);
        var config = OrasiConfiguration.Load(file.Path, new Dictionary<string, string> { ["KAFKA_SASL_PASSWORD"] = "env-secret-456" });
        var report = ConfigurationReport.Create(config);
        string toml = report.ToToml();

        Assert.Equal("""
            [connector]
            host = "db.internal"
            timeout_seconds = 30
            password = "***"
            batch_size = 1000
            max_connections = 10
            retry_attempts = 3
            enable_metrics = true
            enable_tracing = true

            [connectors.deltalake]
            partition_key = "date"
            storage_options = { aws_region = "us-east-1", aws_secret_access_key = "***" }
            table_path = "./lake/traces"

            [connectors.kafka]
            sasl_password = "***"
            topics = ["a", "b"]

            """.ReplaceLineEndings("\n"), toml);

        var reparsed = TomlConfigurationParser.Parse(toml, "report.toml");
        foreach (var entry in report.Entries)
        {
            Assert.Equal(entry.Value, reparsed[entry.Key.Replace('.', ':')]);
        }

        string annotated = report.ToToml(includeSources: true);
        Assert.Contains("timeout_seconds = 30  # default", annotated, StringComparison.Ordinal);
        Assert.Contains("sasl_password = \"***\"  # environment", annotated, StringComparison.Ordinal);
        Assert.Contains("host = \"db.internal\"  # file", annotated, StringComparison.Ordinal);
        Assert.DoesNotContain("env-secret-456", annotated, StringComparison.Ordinal);
        Assert.DoesNotContain("file-password-123", annotated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("007", "\"007\"")]
    [InlineData("1.5", "1.5")]
    [InlineData("true", "true")]
    [InlineData("True", "\"True\"")]
    [InlineData("a \"quoted\"\\path\n", "\"a \\\"quoted\\\"\\\\path\\n\"")]
    [InlineData("", "\"\"")]
    public void Toml_scalars_keep_numbers_and_booleans_bare_and_quote_the_rest(string value, string expected) =>
        Assert.Equal(expected, TomlReportWriter.Scalar(value));

    [Theory]
    [InlineData("catalog_uri", "postgresql://orasi:s3cr3t@db:5432/iceberg", "postgresql://orasi:***@db:5432/iceberg")]
    [InlineData("catalog_uri", "jdbc:postgresql://db/iceberg?user=a", "jdbc:postgresql://db/iceberg?user=a")]
    [InlineData("uri", "https://user:p@ss@host/x", "https://user:***@host/x")]
    [InlineData("uri", "https://host/path?x=1", "https://host/path?x=1")]
    [InlineData("uri", "s3://bucket/warehouse", "s3://bucket/warehouse")]
    [InlineData("connection", "Host=db;Username=u;Password=hunter2;Database=x", "Host=db;Username=u;Password=***;Database=x")]
    [InlineData("connection", "Data Source=catalog.db", "Data Source=catalog.db")]
    [InlineData("password", "plain", "***")]
    public void Passwords_inside_values_are_masked(string key, string value, string expected) =>
        Assert.Equal(expected, SecretRedactor.RedactValue(key, value));

    [Fact]
    public void Report_masks_a_password_inside_a_catalog_uri()
    {
        var configuration = OrasiConfiguration.Load(null, new Dictionary<string, string>
        {
            ["ICEBERG_CATALOG_URI"] = "postgresql://orasi:s3cr3t@db:5432/iceberg",
        });
        var report = ConfigurationReport.Create(configuration);
        var entry = Assert.Single(report.Entries, e => e.Key.EndsWith("catalog_uri", StringComparison.Ordinal));
        Assert.Equal("postgresql://orasi:***@db:5432/iceberg", entry.Value);
        Assert.DoesNotContain("s3cr3t", report.ToToml(includeSources: true), StringComparison.Ordinal);
    }
}
