using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Transactions;

namespace Orasi.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// A client of the Iceberg REST catalog API: configuration (<c>GET /v1/config</c>, prefix, defaults and overrides),
/// namespaces, tables and atomic commits (<c>POST …/tables/{table}</c> with requirements and updates, checked by the
/// server). Authenticates with an OAuth2 client-credentials token (refreshed once on 401) or a given bearer token.
/// Metadata and data files are read and written with the configured object store options. HTTP 409 on commit →
/// <see cref="CommitConflictException"/>; 404 → <see cref="TableNotFoundException"/>; 401/403 →
/// <see cref="AuthenticationFailedException"/>. Secrets never appear in messages or logs.
/// <para>
/// Vended credentials: table loads and creations send <c>X-Iceberg-Access-Delegation: vended-credentials</c> (as
/// pyiceberg does; set the catalog property <c>header.X-Iceberg-Access-Delegation</c> to another value, or to an empty
/// string to send none). The S3 FileIO properties the server answers with (the table's <c>config</c>:
/// <c>s3.access-key-id</c>, <c>s3.secret-access-key</c>, <c>s3.session-token</c>, <c>s3.endpoint</c>,
/// <c>s3.region</c>/<c>client.region</c>, <c>s3.path-style-access</c>; and <c>storage-credentials</c>, longest prefix
/// first) are merged over <see cref="RestCatalogOptions.StorageOptions"/> for the table's locations, for scans,
/// writes and maintenance alike. Every load refreshes them; credentials expiring later
/// (<c>s3.session-token-expires-at-ms</c>) are never replaced by ones expiring earlier.
/// </para>
/// </summary>
/// <example><code>
/// await using var catalog = await RestCatalog.ConnectAsync(new RestCatalogOptions { Uri = new("http://localhost:8181"), Credential = "id:secret" });
/// await catalog.AppendAsync(new TableIdentifier("db", "events"), batches);
/// </code></example>
public sealed class RestCatalog : MetastoreCatalog
{
    /// <summary>The catalog property naming the access delegation mode sent with table loads and creations (empty: none).</summary>
    public const string AccessDelegationProperty = "header.X-Iceberg-Access-Delegation";

    private const string TokenPath = "v1/oauth/tokens";
    private const string AccessDelegationHeader = "X-Iceberg-Access-Delegation";
    private const string DefaultAccessDelegation = "vended-credentials";
    private readonly HttpClient _http;
    private readonly RestCatalogOptions _options;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private string? _token;
    private string _prefix = "";
    private string? _accessDelegation = DefaultAccessDelegation;

    private RestCatalog(RestCatalogOptions options, HttpClient http)
        : base(options.Name, string.IsNullOrWhiteSpace(options.Warehouse) || !LooksLikeLocation(options.Warehouse) ? "memory://rest-catalog" : options.Warehouse, options.StorageOptions)
    {
        _options = options;
        _http = http;
        _token = options.Token;
    }

    /// <summary>The merged catalog properties (server defaults, client properties, server overrides).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; private set; } = new Dictionary<string, string>();

    /// <summary>Connects: fetches a token when client credentials are given, then reads <c>GET /v1/config</c>.</summary>
    /// <param name="options">Where and how to connect.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The connected catalog.</returns>
    /// <exception cref="ConnectionFailedException">The server cannot be reached or answers with an error.</exception>
    /// <exception cref="AuthenticationFailedException">The credential or token is rejected.</exception>
    public static async Task<RestCatalog> ConnectAsync(RestCatalogOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseUri = options.Uri.ToString().EndsWith('/') ? options.Uri : new Uri(options.Uri + "/");
        var http = options.Handler is null ? new HttpClient() : new HttpClient(options.Handler, disposeHandler: false);
        http.BaseAddress = baseUri;
        http.Timeout = options.Timeout;
        var catalog = new RestCatalog(options, http);
        try
        {
            if (options.Credential is not null && options.Token is null)
            {
                await catalog.RefreshTokenAsync(null, cancellationToken).ConfigureAwait(false);
            }

            var query = string.IsNullOrWhiteSpace(options.Warehouse) ? "" : "?warehouse=" + Uri.EscapeDataString(options.Warehouse);
            var config = await catalog.SendAsync(HttpMethod.Get, "v1/config" + query, null, "catalog configuration", cancellationToken).ConfigureAwait(false)
                ?? new JsonObject();
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in new[] { config["defaults"] is { } d ? Json.StringMap(d, "defaults") : null, options.Properties, config["overrides"] is { } o ? Json.StringMap(o, "overrides") : null })
            {
                foreach (var (k, v) in source ?? new Dictionary<string, string>())
                {
                    merged[k] = v;
                }
            }

            catalog.Properties = merged;
            catalog._prefix = merged.TryGetValue("prefix", out var prefix) && !string.IsNullOrWhiteSpace(prefix) ? prefix.Trim('/') + "/" : "";
            var delegation = merged.FirstOrDefault(p => string.Equals(p.Key, AccessDelegationProperty, StringComparison.OrdinalIgnoreCase));
            catalog._accessDelegation = delegation.Key is null ? DefaultAccessDelegation
                : string.IsNullOrWhiteSpace(delegation.Value) ? null : delegation.Value.Trim();
            return catalog;
        }
        catch (FormatException ex)
        {
            await catalog.DisposeAsync().ConfigureAwait(false);
            throw new ConnectionFailedException($"The REST catalog at {options.Uri} answered GET /v1/config with an invalid body ({ex.Message}); check catalog_uri.", ex);
        }
        catch
        {
            await catalog.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task CreateNamespaceAsync(string ns, IReadOnlyDictionary<string, string>? properties = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["namespace"] = Levels(ns),
            ["properties"] = RestCatalogJson.StringMap(properties ?? new Dictionary<string, string>()),
        };
        await SendAsync(HttpMethod.Post, Prefixed("namespaces"), body, $"namespace '{ns}'", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<string>> ListNamespacesAsync(string? parent = null, CancellationToken cancellationToken = default)
    {
        var result = new List<string>();
        await foreach (var item in PagesAsync(Prefixed("namespaces") + (parent is null ? "" : "?parent=" + Ns(parent)), "namespaces", "namespaces", cancellationToken).ConfigureAwait(false))
        {
            result.Add(string.Join('.', (item as JsonArray ?? throw new FormatException("namespaces[] must be arrays")).Select(l => Json.AsString(l!, "namespace level"))));
        }

        return result;
    }

    /// <inheritdoc />
    public override async Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Head, Prefixed("namespaces/" + Ns(ns)), null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, $"namespace '{ns}'", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> LoadNamespacePropertiesAsync(string ns, CancellationToken cancellationToken = default)
    {
        var body = await SendAsync(HttpMethod.Get, Prefixed("namespaces/" + Ns(ns)), null, $"namespace '{ns}'", cancellationToken).ConfigureAwait(false);
        return body?["properties"] is { } p ? Json.StringMap(p, "properties") : new Dictionary<string, string>();
    }

    /// <inheritdoc />
    public override async Task UpdateNamespacePropertiesAsync(string ns, IReadOnlyList<string>? removals, IReadOnlyDictionary<string, string>? updates, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["removals"] = new JsonArray((removals ?? []).Select(r => (JsonNode)r).ToArray()),
            ["updates"] = RestCatalogJson.StringMap(updates ?? new Dictionary<string, string>()),
        };
        await SendAsync(HttpMethod.Post, Prefixed("namespaces/" + Ns(ns) + "/properties"), body, $"namespace '{ns}'", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task DropNamespaceAsync(string ns, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Delete, Prefixed("namespaces/" + Ns(ns)), null, $"namespace '{ns}'", cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override async Task<IReadOnlyList<TableIdentifier>> ListTablesAsync(string ns, CancellationToken cancellationToken = default)
    {
        var result = new List<TableIdentifier>();
        await foreach (var item in PagesAsync(Prefixed("namespaces/" + Ns(ns) + "/tables"), "identifiers", $"tables of namespace '{ns}'", cancellationToken).ConfigureAwait(false))
        {
            result.Add(ParseIdentifier(item));
        }

        return result;
    }

    /// <inheritdoc />
    public override async Task RenameTableAsync(TableIdentifier from, TableIdentifier to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var body = new JsonObject { ["source"] = IdentifierJson(from), ["destination"] = IdentifierJson(to) };
        await SendAsync(HttpMethod.Post, Prefixed("tables/rename"), body, $"table '{from}'", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<bool> DropTableAsync(TableIdentifier identifier, bool purge = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        using var response = await SendRawAsync(HttpMethod.Delete, TablePath(identifier) + (purge ? "?purgeRequested=true" : ""), null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, $"table '{identifier}'", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public override async Task<bool> TableExistsAsync(TableIdentifier identifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        using var response = await SendRawAsync(HttpMethod.Head, TablePath(identifier), null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, $"table '{identifier}'", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _tokenGate.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    internal override async Task<(string Location, TableMetadata Metadata)> CommitAsync(TableIdentifier identifier, IReadOnlyList<TableRequirement> requirements, IReadOnlyList<TableUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(updates);
        var body = new JsonObject
        {
            ["identifier"] = IdentifierJson(identifier),
            ["requirements"] = new JsonArray(requirements.Select(r => (JsonNode)RestCatalogJson.ToJson(r)).ToArray()),
            ["updates"] = new JsonArray(updates.Select(u => (JsonNode)RestCatalogJson.ToJson(u)).ToArray()),
        };
        using var response = await SendRawAsync(HttpMethod.Post, TablePath(identifier), body, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var message = await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            throw new CommitConflictException($"The REST catalog rejected the commit to table '{identifier}' because a requirement failed ({message}); reload the table and retry.");
        }

        if ((int)response.StatusCode is 500 or 502 or 504)
        {
            var message = await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            throw new ConnectionFailedException($"The REST catalog answered HTTP {(int)response.StatusCode} to the commit to table '{identifier}' ({message}); the commit state is unknown, so reload the table before retrying.");
        }

        await EnsureSuccessAsync(response, $"table '{identifier}'", cancellationToken).ConfigureAwait(false);
        return ApplyLoadResult(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false), identifier);
    }

    internal override async Task<(string Location, TableMetadata Metadata)?> LoadMetadataAsync(TableIdentifier identifier, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, TablePath(identifier), null, cancellationToken, delegateAccess: true).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, $"table '{identifier}'", cancellationToken).ConfigureAwait(false);
        return ApplyLoadResult(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false), identifier);
    }

    /// <inheritdoc />
    private protected override async Task<string?> CurrentMetadataLocationAsync(TableIdentifier identifier, CancellationToken cancellationToken) =>
        (await LoadMetadataAsync(identifier, cancellationToken).ConfigureAwait(false))?.Location;

    /// <inheritdoc />
    private protected override async Task<string?> TrySwapAsync(TableIdentifier identifier, string? baseLocation, TableMetadata? baseMetadata, TableMetadata next, CancellationToken cancellationToken)
    {
        if (baseLocation is not null)
        {
            throw new InvalidOperationException("REST catalog commits go through CommitAsync; only table creation swaps.");
        }

        var properties = new Dictionary<string, string>(next.Properties, StringComparer.Ordinal)
        {
            ["format-version"] = next.FormatVersion.ToString(CultureInfo.InvariantCulture),
        };
        var body = new JsonObject
        {
            ["name"] = identifier.Name,
            ["schema"] = RestCatalogJson.ToJson(next.CurrentSchema),
            ["partition-spec"] = RestCatalogJson.ToJson(next.DefaultSpec),
            ["write-order"] = RestCatalogJson.ToJson(next.SortOrders.FirstOrDefault(o => o.OrderId == next.DefaultSortOrderId) ?? new SortOrder(0, [])),
            ["stage-create"] = false,
            ["properties"] = RestCatalogJson.StringMap(properties),
        };
        if (next.Location != DefaultTableLocation(identifier))
        {
            body["location"] = next.Location;
        }

        using var response = await SendRawAsync(HttpMethod.Post, Prefixed("namespaces/" + Ns(identifier.Namespace) + "/tables"), body, cancellationToken, delegateAccess: true).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ValidationFailedException($"Table '{identifier}' already exists in REST catalog '{Name}'; load it or drop it first.");
        }

        await EnsureSuccessAsync(response, $"table '{identifier}'", cancellationToken).ConfigureAwait(false);
        return ApplyLoadResult(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false), identifier).Location;
    }

    private static bool LooksLikeLocation(string warehouse) => warehouse.Contains("://", StringComparison.Ordinal) || warehouse.StartsWith('/') || warehouse.StartsWith('.');

    private static JsonArray Levels(string ns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ns);
        return new JsonArray(ns.Split('.').Select(l => (JsonNode)l).ToArray());
    }

    private static string Ns(string ns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ns);
        return Uri.EscapeDataString(string.Join('\u001f', ns.Split('.')));
    }

    private static JsonObject IdentifierJson(TableIdentifier id) => new() { ["namespace"] = Levels(id.Namespace), ["name"] = id.Name };

    private static TableIdentifier ParseIdentifier(JsonNode? node)
    {
        var o = Json.Obj(node, "identifier");
        var levels = (Json.Req(o, "namespace", "identifier") as JsonArray ?? throw new FormatException("identifier.namespace must be an array")).Select(l => Json.AsString(l!, "namespace level"));
        return new TableIdentifier(string.Join('.', levels), Json.ReqString(o, "name", "identifier"));
    }

    private (string Location, TableMetadata Metadata) ApplyLoadResult(JsonNode? body, TableIdentifier identifier)
    {
        VendedStorageConfig vended;
        (string Location, TableMetadata Metadata) result;
        try
        {
            var o = Json.Obj(body, "load table result");
            var location = Json.OptString(o, "metadata-location")
                ?? throw new FormatException("the response has no metadata-location");
            var metadata = TableMetadataParser.Parse(Json.Req(o, "metadata", "load table result").ToJsonString(), location);
            vended = VendedStorageConfig.Parse(o);
            result = (location, metadata);
        }
        catch (FormatException ex)
        {
            throw new CorruptDataException($"The REST catalog's answer for table '{identifier}' is not a valid load-table result ({ex.Message}); check the catalog server.", ex);
        }

        foreach (var locationOverride in vended.Overrides(result.Metadata, result.Location))
        {
            Io.SetOverride(locationOverride);
        }

        return result;
    }

    private string Prefixed(string path) => "v1/" + _prefix + path;

    private string TablePath(TableIdentifier id) => Prefixed("namespaces/" + Ns(id.Namespace) + "/tables/" + Uri.EscapeDataString(id.Name));

    private async IAsyncEnumerable<JsonNode?> PagesAsync(string path, string key, string what, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            var url = pageToken is null ? path : path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "pageToken=" + Uri.EscapeDataString(pageToken);
            var body = await SendAsync(HttpMethod.Get, url, null, what, cancellationToken).ConfigureAwait(false);
            foreach (var item in body?[key] as JsonArray ?? [])
            {
                yield return item;
            }

            pageToken = body?["next-page-token"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        }
        while (!string.IsNullOrEmpty(pageToken));
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, string what, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, what, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, bool delegateAccess = false)
    {
        var token = _token;
        var delegation = delegateAccess ? _accessDelegation : null;
        var response = await SendOnceAsync(method, path, body, token, delegation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && _options.Credential is not null)
        {
            response.Dispose();
            await RefreshTokenAsync(token, cancellationToken).ConfigureAwait(false);
            response = await SendOnceAsync(method, path, body, _token, delegation, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, JsonNode? body, string? token, string? accessDelegation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accessDelegation is not null)
        {
            request.Headers.TryAddWithoutValidation(AccessDelegationHeader, accessDelegation);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectionFailedException($"The REST catalog at {_options.Uri} cannot be reached ({ex.Message}); check catalog_uri and that the server is running.", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectionFailedException($"The REST catalog at {_options.Uri} did not answer {method} {path.Split('?')[0]} within {_options.Timeout.TotalSeconds:F0} s; check the server or raise timeout_seconds.", ex);
        }
    }

    private async Task RefreshTokenAsync(string? staleToken, CancellationToken cancellationToken)
    {
        await _tokenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is not null && _token != staleToken)
            {
                return; // another caller refreshed it already
            }

            var credential = _options.Credential!;
            var colon = credential.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new AuthenticationFailedException("The REST catalog credential must have the form client_id:client_secret; fix credential in [connectors.iceberg] or ICEBERG_CREDENTIAL.");
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = credential[..colon],
                ["client_secret"] = credential[(colon + 1)..],
                ["scope"] = _options.Scope,
            });
            HttpResponseMessage response;
            try
            {
                response = await _http.PostAsync(TokenPath, form, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new ConnectionFailedException($"The REST catalog token endpoint at {_options.Uri} cannot be reached ({ex.Message}); check catalog_uri.", ex);
            }

            using (response)
            {
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
                {
                    throw new AuthenticationFailedException($"The REST catalog at {_options.Uri} rejected the client credentials (HTTP {(int)response.StatusCode}); check credential (client_id:client_secret).");
                }

                await EnsureSuccessAsync(response, "OAuth2 token", cancellationToken).ConfigureAwait(false);
                var body = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
                _token = body?["access_token"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
                    : throw new AuthenticationFailedException($"The REST catalog at {_options.Uri} answered the token request without an access_token; check the server's OAuth2 support.");
            }
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var message = await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new AuthenticationFailedException($"The REST catalog at {_options.Uri} refused access to {what} (HTTP {status}: {message}); check credential or token and the principal's grants."),
            HttpStatusCode.NotFound =>
                new TableNotFoundException($"The REST catalog has no {what} ({message}); create it first or check the name."),
            HttpStatusCode.Conflict =>
                new ValidationFailedException($"The REST catalog refused to change {what} because it conflicts with what exists ({message}); it may already exist or not be empty."),
            HttpStatusCode.BadRequest or HttpStatusCode.NotAcceptable or HttpStatusCode.UnprocessableEntity =>
                new ValidationFailedException($"The REST catalog rejected the request for {what} (HTTP {status}: {message}); fix the request."),
            HttpStatusCode.NotImplemented =>
                new UnsupportedFeatureException($"The REST catalog does not support this operation on {what} ({message})."),
            _ => new ConnectionFailedException($"The REST catalog answered HTTP {status} for {what} ({message}); retry later or check the server."),
        };
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var node = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
            if (node?["error"] is JsonObject error)
            {
                var type = error["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() + ": " : "";
                var message = error["message"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : "no message";
                return type + message;
            }
        }
        catch (JsonException)
        {
            // not JSON: fall through
        }

        return response.ReasonPhrase ?? "no details";
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return bytes.Length == 0 ? null : JsonNode.Parse(bytes);
    }
}
