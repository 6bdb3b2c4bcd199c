namespace Orasi.Connectors.Iceberg.Catalog.Rest;

/// <summary>How to reach an Iceberg REST catalog.</summary>
public sealed record RestCatalogOptions
{
    /// <summary>The catalog's base URL (the part before <c>/v1/</c>).</summary>
    public required Uri Uri { get; init; }

    /// <summary>The warehouse name or location sent as <c>?warehouse=</c> to <c>GET /v1/config</c>, if any.</summary>
    public string? Warehouse { get; init; }

    /// <summary>OAuth2 client credentials <c>client_id:client_secret</c> exchanged at <c>/v1/oauth/tokens</c>; a secret, never logged.</summary>
    public string? Credential { get; init; }

    /// <summary>A bearer token to send as is (instead of <see cref="Credential"/>); a secret, never logged.</summary>
    public string? Token { get; init; }

    /// <summary>The OAuth2 scope requested with client credentials (default <c>catalog</c>).</summary>
    public string Scope { get; init; } = "catalog";

    /// <summary>
    /// Object store options for reading and writing metadata and data files; storage credentials the server vends for a
    /// table (its load result's <c>config</c> and <c>storage-credentials</c>) are merged over them for that table's locations.
    /// </summary>
    public IReadOnlyDictionary<string, string>? StorageOptions { get; init; }

    /// <summary>
    /// Client properties sent nowhere but merged between the server's defaults and overrides (e.g. <c>prefix</c>, or
    /// <c>header.X-Iceberg-Access-Delegation</c>: default <c>vended-credentials</c>, empty to send no delegation header).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>Timeout of each HTTP request (default 30 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The catalog name (default <c>rest</c>).</summary>
    public string Name { get; init; } = "rest";

    /// <summary>An HTTP handler to send requests through (tests, proxies); null uses a default handler.</summary>
    public HttpMessageHandler? Handler { get; init; }
}
