using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace Orasi.Testing;

/// <summary>
/// Runs <c>moto_server</c> (an S3 emulator) on a free loopback port for the life of a test class or collection.
/// Use it as <c>IClassFixture&lt;MotoServerFixture&gt;</c> or through a <c>[CollectionDefinition("moto")]</c> in the
/// test assembly (<see cref="CollectionName"/>). Fails with install instructions when moto is missing.
/// </summary>
public sealed class MotoServerFixture : IAsyncLifetime
{
    /// <summary>The conventional collection name for tests sharing one server.</summary>
    public const string CollectionName = "moto";

    /// <summary>The dummy access key id moto accepts.</summary>
    public const string AccessKeyId = "testing";

    /// <summary>The dummy secret access key moto accepts.</summary>
    public const string SecretAccessKey = "testing";

    /// <summary>The message when <c>moto_server</c> cannot be found.</summary>
    public const string NotFoundMessage =
        "moto_server not found: install it with `pip install 'moto[server]'` (Python 3) and make sure it is on PATH";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private Process? _process;
    private int _bucketCounter;

    /// <summary>The server's endpoint, such as <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Endpoint { get; private set; } = new("http://127.0.0.1");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var executable = FindOnPath("moto_server") ?? throw new InvalidOperationException(NotFoundMessage);
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{executable}'.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} before answering on {Endpoint}.");
            }

            try
            {
                using var response = await http.GetAsync(Endpoint).ConfigureAwait(false);
                if (response.StatusCode != 0)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"moto_server did not answer on {Endpoint} within {StartTimeout.TotalSeconds} s.");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>Storage options (delta-rs key names) pointing at this server with dummy credentials.</summary>
    public Dictionary<string, string> StorageOptions(IReadOnlyDictionary<string, string>? extra = null)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["aws_endpoint"] = Endpoint.ToString().TrimEnd('/'),
            ["aws_region"] = "us-east-1",
            ["aws_access_key_id"] = AccessKeyId,
            ["aws_secret_access_key"] = SecretAccessKey,
            ["aws_allow_http"] = "true",
        };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                options[key] = value;
            }
        }

        return options;
    }

    /// <summary>A raw SDK client for this server, for checks that bypass the store (such as listing multipart uploads).</summary>
    public AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
        new AmazonS3Config
        {
            ServiceURL = Endpoint.ToString().TrimEnd('/'),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            UseHttp = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>Creates a bucket with a unique name and returns the name.</summary>
    public async Task<string> CreateBucketAsync(string label = "test")
    {
        var unique = $"{label.ToLowerInvariant()}-{Interlocked.Increment(ref _bucketCounter)}-{Guid.NewGuid():N}";
        var name = unique[..Math.Min(63, unique.Length)];
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name }).ConfigureAwait(false);
        return name;
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
            _process = null;
        }

        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd", name } : new[] { name })
            {
                var full = System.IO.Path.Combine(directory, candidate);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }

        return null;
    }
}
