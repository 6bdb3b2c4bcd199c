using Orasi.Testing.Kafka;

namespace Orasi.Cli.Tests;

[CollectionDefinition(KafkaMockClusterFixture.CollectionName)]
public sealed class KafkaCollection : ICollectionFixture<KafkaMockClusterFixture>;
