using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orasi.Connectors.Configuration;

namespace Orasi.Connectors.Tests.Configuration;

public class OptionsValidationTests
{
    private static IConfigurationRoot Load(params (string Name, string Value)[] vars) =>
        OrasiConfiguration.Load(null, vars.ToDictionary(v => v.Name, v => v.Value));

    [Theory]
    [InlineData("DELTALAKE_BATCH_SIZE", "abc", "connectors.deltalake.batch_size must be a positive integer, got \"abc\"")]
    [InlineData("DELTALAKE_BATCH_SIZE", "0", "connectors.deltalake.batch_size must be a positive integer, got \"0\"")]
    [InlineData("CONNECTOR_BATCH_SIZE", "-5", "connector.batch_size must be a positive integer, got \"-5\"")]
    [InlineData("DELTALAKE_TIMEOUT_SECONDS", "0", "connectors.deltalake.timeout_seconds must be a positive integer, got \"0\"")]
    [InlineData("CONNECTOR_TIMEOUT_SECONDS", "1.5", "connector.timeout_seconds must be a positive integer, got \"1.5\"")]
    [InlineData("DELTALAKE_PORT", "70000", "connectors.deltalake.port must be an integer between 1 and 65535, got \"70000\"")]
    [InlineData("CONNECTOR_PORT", "0", "connector.port must be an integer between 1 and 65535, got \"0\"")]
    [InlineData("DELTALAKE_RETRY_ATTEMPTS", "-1", "connectors.deltalake.retry_attempts must be a non-negative integer, got \"-1\"")]
    [InlineData("DELTALAKE_MAX_CONNECTIONS", "99999999999", "connectors.deltalake.max_connections must be a positive integer, got \"99999999999\"")]
    [InlineData("DELTALAKE_ENABLE_METRICS", "maybe", "connectors.deltalake.enable_metrics must be true or false, got \"maybe\"")]
    [InlineData("DELTALAKE_MODE", "upsert", "connectors.deltalake.mode must be one of append, overwrite, error_if_exists, got \"upsert\"")]
    [InlineData("DELTALAKE_CHECKPOINT_INTERVAL", "soon", "connectors.deltalake.checkpoint_interval must be a duration in seconds or hh:mm:ss, got \"soon\"")]
    public void Every_validation_failure_names_the_full_key_and_reason(string variable, string value, string expected)
    {
        var config = Load(("DELTALAKE_TABLE_PATH", "./t"), (variable, value));
        var ex = Assert.Throws<ConfigurationValidationException>(() => OptionsBinder.Bind<SampleDeltaLakeOptions>(config, "deltalake"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Single(ex.Errors);
        Assert.IsAssignableFrom<ValidationFailedException>(ex);
    }

    [Fact]
    public void Missing_required_key_names_the_file_section_and_environment_variable()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => OptionsBinder.Bind<SampleDeltaLakeOptions>(Load(), "deltalake"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("connectors.deltalake.table_path", error.Key);
        Assert.Contains("is required", error.Reason, StringComparison.Ordinal);
        Assert.Contains("[connectors.deltalake]", error.Reason, StringComparison.Ordinal);
        Assert.Contains("DELTALAKE_TABLE_PATH", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_are_reported_together()
    {
        var config = Load(("DELTALAKE_BATCH_SIZE", "x"), ("CONNECTOR_PORT", "0"), ("DELTALAKE_PARTITION_COLUMNS", "a"));
        var ex = Assert.Throws<ConfigurationValidationException>(() => OptionsBinder.Bind<SampleDeltaLakeOptions>(config, "deltalake"));
        Assert.Equal(
            ["connector.port", "connectors.deltalake.batch_size", "connectors.deltalake.table_path"],
            ex.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("3 problems", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_field_rule_errors_are_expanded_to_full_keys()
    {
        var config = Load(("DELTALAKE_TABLE_PATH", "s3://b/t"));
        var ex = Assert.Throws<ConfigurationValidationException>(() => OptionsBinder.Bind<SampleDeltaLakeOptions>(config, "deltalake"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("connectors.deltalake.storage_options", error.Key);
        Assert.Contains("aws_region", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_errors_on_secret_keys_never_echo_the_value()
    {
        var config = Load(
            ("DELTALAKE_TABLE_PATH", "./t"),
            ("DELTALAKE_PRIVATE_KEY_VERSION", "hunter2-not-a-number"),
            ("DELTALAKE_CLIENT_SECRET", "short7!"));
        var ex = Assert.Throws<ConfigurationValidationException>(() => OptionsBinder.Bind<SampleDeltaLakeOptions>(config, "deltalake"));

        Assert.Contains("connectors.deltalake.private_key_version must be an integer between 1 and 100", ex.Message, StringComparison.Ordinal);
        Assert.Contains("connectors.deltalake.client_secret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("short7!", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void From_environment_reads_the_process_environment()
    {
        // Uses a variable no other test touches; restored afterwards.
        string? before = Environment.GetEnvironmentVariable("CONNECTOR_MAX_CONNECTIONS");
        try
        {
            Environment.SetEnvironmentVariable("CONNECTOR_MAX_CONNECTIONS", "42");
            Assert.Equal(42, ConnectorOptions.FromEnvironment().MaxConnections);
            Environment.SetEnvironmentVariable("CONNECTOR_MAX_CONNECTIONS", "0");
            var ex = Assert.Throws<ConfigurationValidationException>(ConnectorOptions.FromEnvironment);
            Assert.Contains("connector.max_connections", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CONNECTOR_MAX_CONNECTIONS", before);
        }
    }

    [Fact]
    public void Dependency_injection_binds_and_validates_through_IValidateOptions()
    {
        var good = Load(("DELTALAKE_TABLE_PATH", "./lake"), ("CONNECTOR_BATCH_SIZE", "77"));
        Assert.Equal("./lake", Resolve(good).Value.TablePath);
        Assert.Equal(77, Resolve(good).Value.BatchSize);

        var bad = Load(("DELTALAKE_TABLE_PATH", "./lake"), ("DELTALAKE_BATCH_SIZE", "abc"));
        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(bad).Value);
        Assert.Contains(ex.Failures, f => f.Contains("connectors.deltalake.batch_size must be a positive integer, got \"abc\"", StringComparison.Ordinal));
    }

    // No DI container package is referenced by the tests: assemble the options pipeline from the registrations.
    private static IOptions<SampleDeltaLakeOptions> Resolve(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddOrasiConnectorOptions<SampleDeltaLakeOptions>(configuration, "deltalake");
        var setups = services.Where(d => d.ServiceType == typeof(IConfigureOptions<SampleDeltaLakeOptions>))
            .Select(d => (IConfigureOptions<SampleDeltaLakeOptions>)d.ImplementationInstance!).ToArray();
        var validators = services.Where(d => d.ServiceType == typeof(IValidateOptions<SampleDeltaLakeOptions>))
            .Select(d => (IValidateOptions<SampleDeltaLakeOptions>)d.ImplementationInstance!).ToArray();
        Assert.NotEmpty(setups);
        Assert.NotEmpty(validators);
        var factory = new OptionsFactory<SampleDeltaLakeOptions>(setups, [], validators);
        return new OptionsManager<SampleDeltaLakeOptions>(factory);
    }
}
