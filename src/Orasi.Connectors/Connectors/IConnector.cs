namespace Orasi.Connectors;

/// <summary>
/// A connection to one external system (a table, a bucket, a topic, a warehouse). Connect before use, check
/// health at any time, and dispose (or disconnect) to release connections and files.
/// </summary>
public interface IConnector : IAsyncDisposable
{
    /// <summary>The configured name of this connector, such as <c>deltalake</c> or <c>kafka</c>.</summary>
    string Name { get; }

    /// <summary>Opens connections and verifies that the target can be reached.</summary>
    /// <exception cref="ConnectionFailedException">The target could not be reached.</exception>
    /// <exception cref="AuthenticationFailedException">The credentials were refused.</exception>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Flushes pending work and closes connections. Safe to call more than once.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks that the target is reachable and usable right now. Never throws for an unhealthy target.</summary>
    Task<HealthStatus> HealthCheckAsync(CancellationToken cancellationToken = default);
}
