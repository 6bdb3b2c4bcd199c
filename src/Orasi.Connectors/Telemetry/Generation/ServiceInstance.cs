using Orasi.Connectors.Telemetry.Columns;

namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>One running instance (pod) of a generated service, with its pre-encoded resource attributes.</summary>
internal sealed class ServiceInstance
{
    /// <summary>The service this instance runs.</summary>
    public required ServiceProfile Service { get; init; }

    /// <summary>The resource attributes (service, host, k8s, sdk), encoded once.</summary>
    public required EncodedAttributes Resource { get; init; }

    /// <summary>The k8s pod name.</summary>
    public required string PodName { get; init; }
}
