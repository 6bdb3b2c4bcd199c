namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>A generated service: its name, runtime, protocol, endpoints, dependencies and database, all pre-encoded.</summary>
internal sealed class ServiceProfile
{
    /// <summary>Index in the catalog.</summary>
    public required int Index { get; init; }

    /// <summary>Service name.</summary>
    public required string Name { get; init; }

    /// <summary>Service name as UTF-8.</summary>
    public required byte[] NameUtf8 { get; init; }

    /// <summary>Service version.</summary>
    public required string Version { get; init; }

    /// <summary>SDK language (dotnet, java, go…).</summary>
    public required string Language { get; init; }

    /// <summary>Instrumentation scope name as UTF-8.</summary>
    public required byte[] ScopeName { get; init; }

    /// <summary>Instrumentation scope version as UTF-8.</summary>
    public required byte[] ScopeVersion { get; init; }

    /// <summary>Instrumentation scope name as a string.</summary>
    public required string ScopeNameText { get; init; }

    /// <summary>Instrumentation scope version as a string.</summary>
    public required string ScopeVersionText { get; init; }

    /// <summary>True for gRPC services, false for HTTP.</summary>
    public required bool IsRpc { get; init; }

    /// <summary>The endpoints.</summary>
    public required ServiceOperation[] Operations { get; init; }

    /// <summary>Indices of the services it calls.</summary>
    public int[] Downstreams { get; set; } = [];

    /// <summary>Database system (postgresql, redis…), or null.</summary>
    public byte[]? DbSystem { get; init; }

    /// <summary>Database namespace.</summary>
    public byte[] DbNamespace { get; init; } = [];

    /// <summary>Database server address.</summary>
    public byte[] DbAddress { get; init; } = [];

    /// <summary>Database port.</summary>
    public byte[] DbPort { get; init; } = [];

    /// <summary>Database operations: (operation, collection, query text, span name).</summary>
    public DbStatement[] DbStatements { get; init; } = [];

    /// <summary>Internal function names.</summary>
    public required byte[][] Functions { get; init; }

    /// <summary>Exception type names typical of the runtime.</summary>
    public required byte[][] ExceptionTypes { get; init; }

    /// <summary>Logger names (log scope).</summary>
    public required byte[][] Loggers { get; init; }

    /// <summary>The running instances.</summary>
    public ServiceInstance[] Instances { get; set; } = [];
}
