using Confluent.Kafka;

namespace Orasi.Connectors.Kafka.Producer;

/// <summary>Records of one batch that are enqueued in the producer; <see cref="Completion"/> ends when every delivery report is in.</summary>
public sealed class KafkaPendingDelivery
{
    private const int MaxFailures = 100;
    private readonly TaskCompletionSource<KafkaProduceResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<KafkaDeliveryFailure> _failures = [];
    private long _expected = -1;
    private long _delivered;
    private long _failed;
    private long _rows;
    private long _bytes;

    internal KafkaPendingDelivery()
    {
    }

    /// <summary>Completes with the counts once every record of the batch has a delivery report.</summary>
    public Task<KafkaProduceResult> Completion => _completion.Task;

    internal void OnReport(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            lock (_failures)
            {
                if (_failures.Count < MaxFailures)
                {
                    _failures.Add(new KafkaDeliveryFailure(
                        report.Topic, report.Partition.IsSpecial ? null : report.Partition.Value,
                        report.Error.Code.ToString(), report.Error.Reason, report.Error.IsFatal));
                }
            }

            Interlocked.Increment(ref _failed);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }

        TryComplete();
    }

    internal void Seal(long records, long rows, long bytes)
    {
        _rows = rows;
        _bytes = bytes;
        Volatile.Write(ref _expected, records);
        TryComplete();
    }

    internal void Fail(Exception exception) => _completion.TrySetException(exception);

    private void TryComplete()
    {
        long expected = Volatile.Read(ref _expected);
        if (expected < 0)
        {
            return;
        }

        long delivered = Interlocked.Read(ref _delivered);
        long failed = Interlocked.Read(ref _failed);
        if (delivered + failed >= expected)
        {
            KafkaDeliveryFailure[] failures;
            lock (_failures)
            {
                failures = [.. _failures];
            }

            _completion.TrySetResult(new KafkaProduceResult(_rows, expected, delivered, failed, _bytes, failures));
        }
    }
}
