namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>One endpoint of a generated service: an HTTP route or a gRPC method, pre-encoded as UTF-8.</summary>
internal sealed class ServiceOperation
{
    /// <summary>Span name of the server span, e.g. <c>GET /api/cart/{id}</c> or <c>oteldemo.CartService/GetCart</c>.</summary>
    public required byte[] SpanName { get; init; }

    /// <summary>HTTP method (HTTP operations).</summary>
    public byte[] Method { get; init; } = [];

    /// <summary>HTTP route template (HTTP operations).</summary>
    public byte[] Route { get; init; } = [];

    /// <summary>Concrete path before the id, e.g. <c>/api/cart/</c>; empty when the route has no id.</summary>
    public byte[] PathPrefix { get; init; } = [];

    /// <summary>Whether the route ends with an id placeholder.</summary>
    public bool HasId { get; init; }

    /// <summary>Whether the method creates something (POST: 201 responses).</summary>
    public bool IsCreate { get; init; }

    /// <summary>gRPC service name (RPC operations).</summary>
    public byte[] RpcService { get; init; } = [];

    /// <summary>gRPC method name (RPC operations).</summary>
    public byte[] RpcMethod { get; init; } = [];

    /// <summary>Route as a string, for metric attributes.</summary>
    public string RouteText { get; init; } = string.Empty;

    /// <summary>Method as a string, for metric attributes.</summary>
    public string MethodText { get; init; } = string.Empty;
}
