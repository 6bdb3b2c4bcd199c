using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Orasi.Testing.Postgres;

/// <summary>
/// Runs a private PostgreSQL server for the life of a test collection: <c>initdb</c> into a temp directory, then
/// <c>postgres</c> on a free loopback port (unix socket in the same directory), a database <see cref="Database"/>,
/// and on dispose a fast shutdown and the directory deleted. TCP logins use password authentication (user
/// <see cref="User"/>, password <see cref="Password"/>) so tests can check wrong passwords; the unix socket trusts.
/// As root, <c>initdb</c> and <c>postgres</c> run as the <c>postgres</c> system user (else <c>nobody</c>) through
/// <c>setpriv</c> or <c>runuser</c>. Fails with install instructions when the binaries are missing; never skips.
/// Each test project defines <c>[CollectionDefinition(PostgresServerFixture.CollectionName)] public sealed class
/// PostgresCollection : ICollectionFixture&lt;PostgresServerFixture&gt;;</c>.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    /// <summary>The conventional collection name for tests sharing one server.</summary>
    public const string CollectionName = "postgres";

    /// <summary>The superuser the server is initialized with.</summary>
    public const string User = "postgres";

    /// <summary>The superuser's password for TCP logins.</summary>
    public const string Password = "orasi-test-pw";

    /// <summary>The database created at startup.</summary>
    public const string Database = "orasi";

    /// <summary>The message when the PostgreSQL server binaries cannot be found.</summary>
    public const string NotFoundMessage =
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or in /usr/lib/postgresql/*/bin: install them with `apt-get install postgresql`";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly List<string> _log = [];
    private string? _root;
    private string? _binDirectory;
    private Process? _server;
    private string[] _runAs = [];
    private int _databaseCounter;

    /// <summary>The TCP port the server listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>The host the server listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>An Npgsql keyword connection string for <see cref="Database"/> (TCP, with the password).</summary>
    public string ConnectionString => ConnectionStringFor(Database);

    /// <summary>A <c>postgresql://</c> URI for <see cref="Database"/> (TCP, with the password).</summary>
    public string Uri => UriFor(Database);

    /// <summary>An Npgsql keyword connection string for another database on this server.</summary>
    public string ConnectionStringFor(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host={Host};Port={Port};Username={User};Password={Password};Database={database};Timeout=10");

    /// <summary>A <c>postgresql://</c> URI for another database on this server.</summary>
    public string UriFor(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"postgresql://{User}:{Password}@{Host}:{Port}/{database}");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(NotFoundMessage);
        _runAs = UnprivilegedPrefix();
        _root = System.IO.Path.Combine(OperatingSystem.IsWindows() ? System.IO.Path.GetTempPath() : "/tmp", $"orasi-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        var data = System.IO.Path.Combine(_root, "data");
        var passwordFile = System.IO.Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password + "\n").ConfigureAwait(false);
        if (_runAs.Length > 0)
        {
            await RunAsync("chown", ["-R", _runAs[^1] + ":", _root], asServerUser: false).ConfigureAwait(false);
        }

        await RunAsync(Tool("initdb"),
            ["-D", data, "-U", User, "--pwfile", passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C", "--no-instructions"],
            asServerUser: true).ConfigureAwait(false);

        // The free port can be taken between probing and binding: try a few.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartServerAsync(data).ConfigureAwait(false);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3 && Snapshot().Any(l => l.Contains("could not bind", StringComparison.OrdinalIgnoreCase) || l.Contains("already in use", StringComparison.OrdinalIgnoreCase)))
            {
                _server?.Dispose();
                _server = null;
                lock (_log)
                {
                    _log.Clear();
                }
            }
        }

        await CreateDatabaseAsync(Database).ConfigureAwait(false);
    }

    /// <summary>Creates a database (owned by <see cref="User"/>) and returns its name.</summary>
    /// <param name="name">The name; null for a fresh unique one.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= string.Create(CultureInfo.InvariantCulture, $"db_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}");
        await RunAsync(Tool("createdb"), ["-h", _root!, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, name], asServerUser: false).ConfigureAwait(false);
        return name;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is { } server)
        {
            try
            {
                if (!server.HasExited)
                {
                    // SIGINT: fast shutdown (disconnects clients, no checkpoint wait worth mentioning with fsync off).
                    await TryRunAsync("kill", ["-INT", server.Id.ToString(CultureInfo.InvariantCulture)], asServerUser: false).ConfigureAwait(false);
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    try
                    {
                        await server.WaitForExitAsync(cts.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        server.Kill(entireProcessTree: true);
                        server.WaitForExit(5000);
                    }
                }
            }
            catch (InvalidOperationException)
            {
            }

            server.Dispose();
            _server = null;
        }

        if (_root is not null && Directory.Exists(_root))
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task StartServerAsync(string data)
    {
        Port = FreePort();
        var start = new ProcessStartInfo(_runAs.Length > 0 ? _runAs[0] : Tool("postgres"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in _runAs.Skip(1).SkipLast(1))
        {
            start.ArgumentList.Add(a);
        }

        if (_runAs.Length > 0)
        {
            start.ArgumentList.Add(Tool("postgres"));
        }

        foreach (var a in new[]
        {
            "-D", data, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _root!, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
            "-c", "shared_buffers=32MB", "-c", "log_min_messages=warning",
        })
        {
            start.ArgumentList.Add(a);
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{start.FileName}'.");
        _server.OutputDataReceived += (_, e) => Log(e.Data);
        _server.ErrorDataReceived += (_, e) => Log(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_server.HasExited)
            {
                _server.WaitForExit(); // drains the redirected output into the log
                throw new InvalidOperationException($"postgres exited with code {_server.ExitCode} before accepting connections on {Host}:{Port}: {string.Join(" | ", Snapshot())}");
            }

            var (code, _) = await TryRunAsync(Tool("pg_isready"), ["-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-t", "1"], asServerUser: false).ConfigureAwait(false);
            if (code == 0)
            {
                break;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"postgres did not accept connections on {Host}:{Port} within {StartTimeout.TotalSeconds} s: {string.Join(" | ", Snapshot())}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private string Tool(string name) => System.IO.Path.Combine(_binDirectory!, name);

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
            if (_log.Count > 50)
            {
                _log.RemoveAt(0);
            }
        }
    }

    private string[] Snapshot()
    {
        lock (_log)
        {
            return [.. _log];
        }
    }

    private async Task RunAsync(string file, IReadOnlyList<string> args, bool asServerUser)
    {
        var (code, output) = await TryRunAsync(file, args, asServerUser).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"'{System.IO.Path.GetFileName(file)} {string.Join(' ', args)}' failed with exit code {code}: {output.Trim()}");
        }
    }

    private async Task<(int Code, string Output)> TryRunAsync(string file, IReadOnlyList<string> args, bool asServerUser)
    {
        var prefix = asServerUser ? _runAs : [];
        var start = new ProcessStartInfo(prefix.Length > 0 ? prefix[0] : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in prefix.Skip(1).SkipLast(1))
        {
            start.ArgumentList.Add(a);
        }

        if (prefix.Length > 0)
        {
            start.ArgumentList.Add(file);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{start.FileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    /// <summary>
    /// The command prefix that runs a program as an unprivileged user when this process is root (initdb and postgres
    /// refuse root): <c>setpriv --reuid=U --regid=G --clear-groups --</c> or <c>runuser -u USER --</c>, the last element
    /// being the user name (for chown); empty when not root.
    /// </summary>
    private static string[] UnprivilegedPrefix()
    {
        // Environment.UserName is the effective user's name on Unix.
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            return [];
        }

        var (user, uid, gid) = FindUser("postgres") ?? FindUser("nobody")
            ?? throw new InvalidOperationException("Running as root, but neither a 'postgres' nor a 'nobody' user exists to run the PostgreSQL server as; create one (apt-get install postgresql creates 'postgres').");
        if (File.Exists("/usr/bin/setpriv") || File.Exists("/bin/setpriv"))
        {
            return ["setpriv", $"--reuid={uid}", $"--regid={gid}", "--clear-groups", "--", user];
        }

        return ["runuser", "-u", user, "--", user];
    }

    private static (string User, string Uid, string Gid)? FindUser(string name)
    {
        if (!File.Exists("/etc/passwd"))
        {
            return null;
        }

        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var parts = line.Split(':');
            if (parts.Length > 3 && parts[0] == name)
            {
                return (name, parts[2], parts[3]);
            }
        }

        return null;
    }

    private static string? FindBinDirectory()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = System.IO.Path.Combine(directory, "initdb");
            if (File.Exists(initdb))
            {
                // Debian links /usr/local/bin/initdb into /usr/lib/postgresql/N/bin; postgres itself may not be on PATH.
                var resolved = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                var dir = System.IO.Path.GetDirectoryName(resolved)!;
                if (HasServerBinaries(dir))
                {
                    return dir;
                }

                if (HasServerBinaries(directory))
                {
                    return directory;
                }
            }
        }

        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            return Directory.GetDirectories(debian)
                .Select(d => (Dir: System.IO.Path.Combine(d, "bin"), Version: double.TryParse(System.IO.Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(x => HasServerBinaries(x.Dir))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault();
        }

        return null;
    }

    private static bool HasServerBinaries(string dir) =>
        new[] { "initdb", "postgres", "pg_isready", "createdb" }.All(t => File.Exists(System.IO.Path.Combine(dir, t)));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
