using Orasi.Testing;

namespace Orasi.Connectors.S3Parquet.Tests.Support;

[CollectionDefinition(MotoServerFixture.CollectionName)]
public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>;
