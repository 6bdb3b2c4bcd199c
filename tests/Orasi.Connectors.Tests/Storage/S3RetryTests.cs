using Orasi.Connectors.Storage;

namespace Orasi.Connectors.Tests.Storage;

/// <summary>Retry and error-mapping behaviour of <see cref="S3ObjectStore"/> against a scripted HTTP server.</summary>
public sealed class S3RetryTests
{
    private const string SecretValue = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

    private static IObjectStore Open(ScriptedHttpServer server, int maxRetries = 2) =>
        ObjectStoreFactory.Open("s3://bucket/prefix", new Dictionary<string, string>
        {
            ["aws_endpoint"] = server.Endpoint,
            ["aws_allow_http"] = "true",
            ["aws_access_key_id"] = "AKIDEXAMPLE",
            ["aws_secret_access_key"] = SecretValue,
            ["max_retries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["retry_base_delay"] = "5ms",
            ["retry_max_delay"] = "20ms",
        });

    [Fact]
    public async Task Throttling_is_retried_then_reported_as_ConnectionFailed()
    {
        await using var server = new ScriptedHttpServer((_, _) => ScriptedHttpServer.Error(503, "Slow Down", "SlowDown"));
        await using var store = Open(server, maxRetries: 2);

        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => store.GetAsync("a.bin"));
        Assert.Equal(3, server.Requests);
        Assert.Contains("SlowDown", error.Message, StringComparison.Ordinal);
        Assert.Contains("s3://bucket/prefix/a.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_failure_followed_by_success_returns_the_data()
    {
        await using var server = new ScriptedHttpServer((i, _) => i < 2
            ? ScriptedHttpServer.Error(500, "Internal Server Error", "InternalError")
            : ScriptedHttpServer.Response(200, "OK", "hello", "application/octet-stream", "ETag: \"5d41402abc4b2a76b9719d911017c592\"\r\n"));
        await using var store = Open(server, maxRetries: 3);

        var data = await store.GetAsync("a.bin");
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(data.Span));
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Connections_dropped_mid_response_are_retried_then_reported_as_ConnectionFailed()
    {
        // A status line cut short, then the connection closes. The SDK itself re-sends a request whose connection
        // dropped a few times (even with its own retries off), so compare against one call without our retries.
        await using var server = new ScriptedHttpServer((_, _) => "HTTP/1.1 50");
        await using (var once = Open(server, maxRetries: 0))
        {
            await Assert.ThrowsAsync<ConnectionFailedException>(() => once.PutAsync("a.bin", new byte[10]));
        }

        var perCall = server.Requests;
        Assert.True(perCall >= 1);
        await using var store = Open(server, maxRetries: 2);
        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => store.PutAsync("a.bin", new byte[10]));
        Assert.Equal(4 * perCall, server.Requests);
        Assert.Contains("3 attempt(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_cut_short_is_retried_as_a_whole_request()
    {
        await using var server = new ScriptedHttpServer((i, _) => i == 0
            ? "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhe"
            : ScriptedHttpServer.Response(200, "OK", "hello", "application/octet-stream", "ETag: \"5d41402abc4b2a76b9719d911017c592\"\r\n"));
        await using var store = Open(server, maxRetries: 2);

        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString((await store.GetAsync("a.bin")).Span));
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_failed_precondition_is_not_retried_and_means_the_object_exists()
    {
        await using var server = new ScriptedHttpServer((_, _) => ScriptedHttpServer.Error(412, "Precondition Failed", "PreconditionFailed"));
        await using var store = Open(server, maxRetries: 3);

        Assert.False(await store.PutIfAbsentAsync("log/1.json", new byte[10]));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_conditional_request_conflict_means_the_object_exists()
    {
        await using var server = new ScriptedHttpServer((_, _) => ScriptedHttpServer.Error(409, "Conflict", "ConditionalRequestConflict"));
        await using var store = Open(server, maxRetries: 3);

        Assert.False(await store.PutIfAbsentAsync("log/1.json", new byte[10]));
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(403, "Forbidden", "InvalidAccessKeyId")]
    [InlineData(403, "Forbidden", "SignatureDoesNotMatch")]
    [InlineData(403, "Forbidden", "AccessDenied")]
    public async Task Authentication_failures_are_not_retried(int status, string reason, string code)
    {
        await using var server = new ScriptedHttpServer((_, _) => ScriptedHttpServer.Error(status, reason, code));
        await using var store = Open(server, maxRetries: 3);

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => store.PutAsync("a.bin", new byte[3]));
        Assert.Equal(1, server.Requests);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_such_key_maps_to_ObjectNotFound_without_retries()
    {
        await using var server = new ScriptedHttpServer((_, _) => ScriptedHttpServer.Error(404, "Not Found", "NoSuchKey"));
        await using var store = Open(server, maxRetries: 3);

        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.GetAsync("a.bin"));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_retried()
    {
        await using var server = new ScriptedHttpServer((_, _) => ScriptedHttpServer.Error(503, "Slow Down", "SlowDown"));
        await using var store = Open(server, maxRetries: 3);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetAsync("a.bin", cancelled.Token));
        Assert.Equal(0, server.Requests);
    }
}
