using Orasi.Testing;

namespace Orasi.Connectors.Iceberg.Tests.Write;

[CollectionDefinition(MotoServerFixture.CollectionName)]
public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>;
