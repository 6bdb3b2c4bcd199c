using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Catalog.Rest;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Tests.Rest;

/// <summary>
/// A test double of an Iceberg REST catalog server: HttpListener on a free loopback port, backed by a
/// <see cref="FileSystemCatalog"/> (which checks requirements and applies updates with TableMetadataBuilder).
/// Optional OAuth2 client-credentials auth; tokens can be revoked to exercise refresh.
/// </summary>
internal sealed class RestCatalogServerDouble : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly FileSystemCatalog _backing;
    private readonly ConcurrentDictionary<string, bool> _tokens = new();
    private readonly Task _loop;
    private int _tokenCounter;

    public RestCatalogServerDouble(string warehouse, string? clientId = null, string? clientSecret = null, string prefix = "cat", IReadOnlyDictionary<string, string>? storageOptions = null)
    {
        _backing = new FileSystemCatalog(warehouse, storageOptions);
        ClientId = clientId;
        ClientSecret = clientSecret;
        Prefix = prefix;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Uri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Uri.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Uri { get; }

    public string? ClientId { get; }

    public string? ClientSecret { get; }

    public string Prefix { get; }

    public int TokensIssued => _tokenCounter;

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> CommitBodies { get; } = new();

    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    /// <summary>"METHOD /path: value" of every request carrying X-Iceberg-Access-Delegation.</summary>
    public ConcurrentQueue<string> AccessDelegationHeaders { get; } = new();

    /// <summary>
    /// Vends storage configuration: given a table and its metadata, returns the <c>config</c> object and/or the
    /// <c>storage-credentials</c> array to put into load-table results (null: none), like a server honouring
    /// <c>X-Iceberg-Access-Delegation: vended-credentials</c>.
    /// </summary>
    public Func<TableIdentifier, TableMetadata, (JsonObject? Config, JsonArray? StorageCredentials)>? Vend { get; set; }

    /// <summary>Invalidates every token issued so far (the next request gets 401).</summary>
    public void RevokeTokens() => _tokens.Clear();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }

        await _backing.DisposeAsync();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var path = request.Url!.AbsolutePath.TrimStart('/');
            Requests.Enqueue($"{request.HttpMethod} /{path}");
            AuthorizationHeaders.Enqueue(request.Headers["Authorization"] ?? "");
            if (request.Headers["X-Iceberg-Access-Delegation"] is { } delegation)
            {
                AccessDelegationHeaders.Enqueue($"{request.HttpMethod} /{path}: {delegation}");
            }

            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            if (path == "v1/oauth/tokens")
            {
                var form = body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
                if (form.GetValueOrDefault("grant_type") != "client_credentials" || form.GetValueOrDefault("client_id") != ClientId || form.GetValueOrDefault("client_secret") != ClientSecret)
                {
                    await WriteAsync(response, 401, Error("NotAuthorizedException", "bad client credentials", 401));
                    return;
                }

                var token = $"token-{Interlocked.Increment(ref _tokenCounter)}";
                _tokens[token] = true;
                await WriteAsync(response, 200, new JsonObject { ["access_token"] = token, ["token_type"] = "bearer", ["expires_in"] = 3600, ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token" });
                return;
            }

            if (ClientId is not null)
            {
                var auth = request.Headers["Authorization"];
                if (auth is null || !auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(auth["Bearer ".Length..]))
                {
                    await WriteAsync(response, 401, Error("NotAuthorizedException", "missing or expired token", 401));
                    return;
                }
            }

            if (path == "v1/config")
            {
                await WriteAsync(response, 200, new JsonObject { ["defaults"] = new JsonObject { ["clients"] = "4" }, ["overrides"] = new JsonObject { ["prefix"] = Prefix } });
                return;
            }

            var root = $"v1/{Prefix}/";
            if (!path.StartsWith(root, StringComparison.Ordinal))
            {
                await WriteAsync(response, 404, Error("NoSuchResourceException", "unknown path " + path, 404));
                return;
            }

            var segments = path[root.Length..].Split('/').Select(Uri.UnescapeDataString).ToArray();
            var json = body.Length > 0 ? JsonNode.Parse(body) : null;
            await RouteAsync(request.HttpMethod, segments, request.QueryString, json, body, response);
        }
        catch (CommitConflictException ex)
        {
            await WriteAsync(response, 409, Error("CommitFailedException", ex.Message, 409));
        }
        catch (TableNotFoundException ex)
        {
            await WriteAsync(response, 404, Error("NoSuchTableException", ex.Message, 404));
        }
        catch (ValidationFailedException ex)
        {
            await WriteAsync(response, 409, Error("AlreadyExistsException", ex.Message, 409));
        }
        catch (UnsupportedFeatureException ex)
        {
            await WriteAsync(response, 501, Error("UnsupportedOperationException", ex.Message, 501));
        }
        catch (Exception ex)
        {
            await WriteAsync(response, 500, Error(ex.GetType().Name, ex.Message, 500));
        }
    }

    private async Task RouteAsync(string method, string[] s, System.Collections.Specialized.NameValueCollection query, JsonNode? json, string raw, HttpListenerResponse response)
    {
        static string Ns(string encoded) => encoded.Replace('\u001f', '.');
        switch (method, s.Length)
        {
            case ("GET", 1) when s[0] == "namespaces":
                var parent = query["parent"] is { } p ? Ns(p) : null;
                var all = await _backing.ListNamespacesAsync(parent);
                await WriteAsync(response, 200, new JsonObject { ["namespaces"] = new JsonArray(all.Select(n => (JsonNode)new JsonArray(n.Split('.').Select(l => (JsonNode)l).ToArray())).ToArray()) });
                return;
            case ("POST", 1) when s[0] == "namespaces":
                var levels = json!["namespace"]!.AsArray().Select(l => l!.GetValue<string>());
                var name = string.Join('.', levels);
                var props = json["properties"] is JsonObject po ? po.ToDictionary(k => k.Key, k => k.Value!.GetValue<string>()) : null;
                await _backing.CreateNamespaceAsync(name, props);
                await WriteAsync(response, 200, new JsonObject { ["namespace"] = json["namespace"]!.DeepClone(), ["properties"] = json["properties"]?.DeepClone() ?? new JsonObject() });
                return;
            case ("HEAD", 2) when s[0] == "namespaces":
                await WriteAsync(response, await _backing.NamespaceExistsAsync(Ns(s[1])) ? 204 : 404, null);
                return;
            case ("GET", 2) when s[0] == "namespaces":
                if (!await _backing.NamespaceExistsAsync(Ns(s[1])))
                {
                    await WriteAsync(response, 404, Error("NoSuchNamespaceException", "no namespace " + Ns(s[1]), 404));
                    return;
                }

                var loaded = await _backing.LoadNamespacePropertiesAsync(Ns(s[1]));
                await WriteAsync(response, 200, new JsonObject { ["namespace"] = new JsonArray(Ns(s[1]).Split('.').Select(l => (JsonNode)l).ToArray()), ["properties"] = RestCatalogJson.StringMap(loaded) });
                return;
            case ("DELETE", 2) when s[0] == "namespaces":
                await _backing.DropNamespaceAsync(Ns(s[1]));
                await WriteAsync(response, 204, null);
                return;
            case ("POST", 3) when s[0] == "namespaces" && s[2] == "properties":
                var removals = json!["removals"]?.AsArray().Select(r => r!.GetValue<string>()).ToList();
                var updates = json["updates"] is JsonObject uo ? uo.ToDictionary(k => k.Key, k => k.Value!.GetValue<string>()) : null;
                await _backing.UpdateNamespacePropertiesAsync(Ns(s[1]), removals, updates);
                await WriteAsync(response, 200, new JsonObject { ["updated"] = new JsonArray(), ["removed"] = new JsonArray(), ["missing"] = new JsonArray() });
                return;
            case ("GET", 3) when s[0] == "namespaces" && s[2] == "tables":
                var tables = await _backing.ListTablesAsync(Ns(s[1]));
                await WriteAsync(response, 200, new JsonObject { ["identifiers"] = new JsonArray(tables.Select(t => (JsonNode)new JsonObject { ["namespace"] = new JsonArray(t.NamespaceLevels.Select(l => (JsonNode)l).ToArray()), ["name"] = t.Name }).ToArray()) });
                return;
            case ("POST", 3) when s[0] == "namespaces" && s[2] == "tables":
                var id = new TableIdentifier(Ns(s[1]), json!["name"]!.GetValue<string>());
                var schema = RestCatalogJson.ParseSchema(json["schema"]);
                var spec = json["partition-spec"] is { } sp ? RestCatalogJson.ParseSpec(sp) : null;
                var tprops = json["properties"] is JsonObject tp ? tp.ToDictionary(k => k.Key, k => k.Value!.GetValue<string>()) : new Dictionary<string, string>();
                var version = tprops.Remove("format-version", out var fv) ? int.Parse(fv, System.Globalization.CultureInfo.InvariantCulture) : 2;
                await using (var created = await _backing.CreateTableAsync(id, schema, spec, tprops, json["location"]?.GetValue<string>(), version))
                {
                    await WriteAsync(response, 200, LoadResult(id, created.MetadataLocation, created.Metadata));
                }

                return;
            case ("HEAD", 4) when s[0] == "namespaces" && s[2] == "tables":
                await WriteAsync(response, await _backing.TableExistsAsync(new TableIdentifier(Ns(s[1]), s[3])) ? 204 : 404, null);
                return;
            case ("GET", 4) when s[0] == "namespaces" && s[2] == "tables":
                var current = await _backing.LoadMetadataAsync(new TableIdentifier(Ns(s[1]), s[3]), CancellationToken.None);
                if (current is null)
                {
                    await WriteAsync(response, 404, Error("NoSuchTableException", $"no table {Ns(s[1])}.{s[3]}", 404));
                    return;
                }

                await WriteAsync(response, 200, LoadResult(new TableIdentifier(Ns(s[1]), s[3]), current.Value.Location, current.Value.Metadata));
                return;
            case ("DELETE", 4) when s[0] == "namespaces" && s[2] == "tables":
                var dropped = await _backing.DropTableAsync(new TableIdentifier(Ns(s[1]), s[3]), string.Equals(new Uri("http://x/?" + query).Query, "?purgeRequested=true", StringComparison.Ordinal) || query["purgeRequested"] == "true");
                await WriteAsync(response, dropped ? 204 : 404, dropped ? null : Error("NoSuchTableException", "no table", 404));
                return;
            case ("POST", 4) when s[0] == "namespaces" && s[2] == "tables":
                CommitBodies.Enqueue(raw);
                var requirements = json!["requirements"]!.AsArray().Select(RestCatalogJson.ParseRequirement).ToList();
                var changes = json["updates"]!.AsArray().Select(RestCatalogJson.ParseUpdate).ToList();
                var (location, metadata) = await _backing.CommitAsync(new TableIdentifier(Ns(s[1]), s[3]), requirements, changes, CancellationToken.None);
                await WriteAsync(response, 200, new JsonObject { ["metadata-location"] = location, ["metadata"] = JsonNode.Parse(TableMetadataParser.Write(metadata)) });
                return;
            case ("POST", 2) when s[0] == "tables" && s[1] == "rename":
                await _backing.RenameTableAsync(Identifier(json!["source"]), Identifier(json["destination"]));
                await WriteAsync(response, 204, null);
                return;
            default:
                await WriteAsync(response, 404, Error("NoSuchResourceException", $"{method} {string.Join('/', s)}", 404));
                return;
        }
    }

    private static TableIdentifier Identifier(JsonNode? node) =>
        new(string.Join('.', node!["namespace"]!.AsArray().Select(l => l!.GetValue<string>())), node["name"]!.GetValue<string>());

    private JsonObject LoadResult(TableIdentifier id, string location, TableMetadata metadata)
    {
        var result = new JsonObject { ["metadata-location"] = location, ["metadata"] = JsonNode.Parse(TableMetadataParser.Write(metadata)), ["config"] = new JsonObject() };
        if (Vend?.Invoke(id, metadata) is var (config, credentials))
        {
            if (config is not null)
            {
                result["config"] = config.DeepClone();
            }

            if (credentials is not null)
            {
                result["storage-credentials"] = credentials.DeepClone();
            }
        }

        return result;
    }

    private static JsonObject Error(string type, string message, int code) =>
        new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code } };

    private static async Task WriteAsync(HttpListenerResponse response, int status, JsonNode? body)
    {
        try
        {
            response.StatusCode = status;
            if (body is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
                response.ContentType = "application/json";
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes);
            }

            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }
    }
}
