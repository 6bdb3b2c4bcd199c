using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>
/// A configuration source mapping the seed's environment variables onto configuration keys:
/// <c>CONNECTOR_{KEY}</c> → <c>connector:{key}</c> (common keys only) and <c>{CONNECTOR}_{KEY}</c> →
/// <c>connectors:{connector}:{key}</c> for every known connector name (<c>S3_PARQUET_BUCKET</c> →
/// <c>connectors:s3_parquet:bucket</c>). Values of keys ending in <c>storage_options</c> or <c>properties</c> are JSON
/// objects and expand into child keys (<c>DELTALAKE_STORAGE_OPTIONS={"aws_region":"us-east-1"}</c> →
/// <c>connectors:deltalake:storage_options:aws_region</c>).
/// </summary>
public sealed class OrasiEnvironmentConfigurationSource : IConfigurationSource
{
    /// <summary>Variables to read instead of the process environment; null reads the process environment.</summary>
    public IDictionary? Environment { get; init; }

    /// <summary>Connector names recognised in addition to <see cref="KnownConnectors.Names"/> (e.g. sections found in a file).</summary>
    public IReadOnlyCollection<string> AdditionalConnectorNames { get; init; } = [];

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new OrasiEnvironmentConfigurationProvider(this);
}
