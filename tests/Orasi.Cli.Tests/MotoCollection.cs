using Orasi.Testing;

namespace Orasi.Cli.Tests;

[CollectionDefinition(MotoServerFixture.CollectionName)]
public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>;
