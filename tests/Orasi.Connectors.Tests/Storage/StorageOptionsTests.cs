using Orasi.Connectors.Storage;

namespace Orasi.Connectors.Tests.Storage;

public sealed class StorageOptionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Defaults_apply_when_nothing_is_given()
    {
        var options = StorageOptions.Parse(null, NoEnvironment);
        Assert.Null(options.Endpoint);
        Assert.Null(options.Region);
        Assert.Null(options.AccessKeyId);
        Assert.False(options.AllowHttp);
        Assert.False(options.VirtualHostedStyleRequest);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(1000, options.ListPageSize);
        Assert.Equal(8L * 1024 * 1024, options.MultipartPartSize);
    }

    [Fact]
    public void Delta_rs_keys_and_aliases_are_understood_case_insensitively()
    {
        var options = StorageOptions.Parse(new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://localhost:9000",
            ["region"] = "eu-west-1",
            ["aws_access_key_id"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "s3cr3t-value",
            ["aws_session_token"] = "session-token-value",
            ["allow_http"] = "TRUE",
            ["aws_virtual_hosted_style_request"] = "1",
            ["retry_attempts"] = "5",
            ["retry_base_delay"] = "250ms",
            ["timeout"] = "2m",
            ["connect_timeout"] = "5",
            ["list_page_size"] = "7",
            ["multipart_part_size"] = "16MiB",
            ["read_ahead_size"] = "1MiB",
            ["some_other_layer_key"] = "ignored",
        }, NoEnvironment);

        Assert.Equal(new Uri("http://localhost:9000"), options.Endpoint);
        Assert.Equal("eu-west-1", options.Region);
        Assert.Equal("AKIDEXAMPLE", options.AccessKeyId);
        Assert.Equal("s3cr3t-value", options.SecretAccessKey);
        Assert.Equal("session-token-value", options.SessionToken);
        Assert.True(options.AllowHttp);
        Assert.True(options.VirtualHostedStyleRequest);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.Equal(7, options.ListPageSize);
        Assert.Equal(16L * 1024 * 1024, options.MultipartPartSize);
        Assert.Equal(1024 * 1024, options.ReadAheadSize);
    }

    [Fact]
    public void Environment_variables_fill_in_keys_not_given_explicitly()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "ap-south-1",
            ["AWS_ENDPOINT_URL"] = "https://minio.example:9000",
            ["AWS_ACCESS_KEY_ID"] = "ENVKEY",
            ["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET",
            ["AWS_PROFILE"] = "dev",
        };
        var options = StorageOptions.Parse(
            new Dictionary<string, string> { ["aws_region"] = "us-west-2" },
            name => environment.GetValueOrDefault(name));

        Assert.Equal("us-west-2", options.Region); // explicit wins
        Assert.Equal(new Uri("https://minio.example:9000"), options.Endpoint);
        Assert.Equal("ENVKEY", options.AccessKeyId);
        Assert.Equal("ENVSECRET", options.SecretAccessKey);
        Assert.Equal("dev", options.Profile);
    }

    [Theory]
    [InlineData("aws_allow_http", "maybe", "aws_allow_http")]
    [InlineData("list_page_size", "0", "list_page_size")]
    [InlineData("list_page_size", "1001", "list_page_size")]
    [InlineData("multipart_part_size", "1MiB", "multipart_part_size")]
    [InlineData("multipart_part_size", "lots", "multipart_part_size")]
    [InlineData("max_retries", "-1", "max_retries")]
    [InlineData("timeout", "soon", "timeout")]
    [InlineData("endpoint", "ftp://host", "endpoint")]
    [InlineData("aws_endpoint", "not a url", "aws_endpoint")]
    public void Invalid_values_fail_with_the_key_in_the_message(string key, string value, string named)
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            StorageOptions.Parse(new Dictionary<string, string> { [key] = value }, NoEnvironment));
        Assert.Contains($"'{named}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_endpoints_need_allow_http()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            StorageOptions.Parse(new Dictionary<string, string> { ["aws_endpoint"] = "http://127.0.0.1:9000" }, NoEnvironment));
        Assert.Contains("aws_allow_http", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_must_come_in_pairs()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            StorageOptions.Parse(new Dictionary<string, string> { ["aws_access_key_id"] = "AKID" }, NoEnvironment));
        Assert.Contains("aws_secret_access_key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_redacts_secrets()
    {
        var options = StorageOptions.Parse(new Dictionary<string, string>
        {
            ["aws_access_key_id"] = "AKIAIOSFODNN7EXAMPLE",
            ["aws_secret_access_key"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ["aws_session_token"] = "FQoGZXIvYXdzEXAMPLETOKEN",
        }, NoEnvironment);

        var text = options.ToString();
        Assert.DoesNotContain("wJalrXUtnFEMI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FQoGZXIvYXdz", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", text, StringComparison.Ordinal);
        Assert.Contains("AKIA***", text, StringComparison.Ordinal);
    }
}
