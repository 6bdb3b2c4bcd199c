using Orasi.Testing;

namespace Orasi.Connectors.DeltaLake.Tests.Operations;

/// <summary>All S3 test classes of this assembly share one moto_server.</summary>
[CollectionDefinition(MotoServerFixture.CollectionName)]
public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>;
