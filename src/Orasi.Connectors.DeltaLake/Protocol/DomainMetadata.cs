namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>domainMetadata</c> action: a configuration string for a named metadata domain; <see cref="Removed"/> makes it a tombstone.</summary>
public sealed record DomainMetadata : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "domainMetadata";

    /// <summary>The domain name; names starting with <c>delta.</c> are system-controlled.</summary>
    public required string Domain { get; init; }

    /// <summary>The domain's configuration (often JSON).</summary>
    public required string Configuration { get; init; }

    /// <summary>True when this action deletes the domain.</summary>
    public bool Removed { get; init; }
}
