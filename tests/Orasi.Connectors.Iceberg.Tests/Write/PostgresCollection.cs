using Orasi.Testing.Postgres;

namespace Orasi.Connectors.Iceberg.Tests.Write;

[CollectionDefinition(PostgresServerFixture.CollectionName)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>;
