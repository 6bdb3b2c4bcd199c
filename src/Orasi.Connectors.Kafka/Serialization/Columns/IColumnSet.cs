using Apache.Arrow;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>The column builders of one telemetry schema; sets filled in parallel are joined in order, then built once.</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
internal interface IColumnSet<TSelf>
    where TSelf : IColumnSet<TSelf>
{
    /// <summary>Rows appended.</summary>
    int Count { get; }

    /// <summary>Appends the rows of <paramref name="other"/> after this set's rows.</summary>
    void AppendFrom(TSelf other);

    /// <summary>Builds a batch of the schema and starts over.</summary>
    RecordBatch Build();
}
