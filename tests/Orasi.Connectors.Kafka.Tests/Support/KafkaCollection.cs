using Orasi.Testing.Kafka;

namespace Orasi.Connectors.Kafka.Tests.Support;

[CollectionDefinition(KafkaMockClusterFixture.CollectionName)]
public sealed class KafkaCollection : ICollectionFixture<KafkaMockClusterFixture>;
