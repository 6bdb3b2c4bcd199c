using Polly;
using Polly.Retry;

namespace Orasi.Connectors.Storage;

/// <summary>The Polly pipeline that retries S3 requests after transient failures only (never a failed precondition).</summary>
internal static class S3RetryPipeline
{
    /// <summary>Builds an exponential-backoff-with-jitter retry pipeline from the options' retry settings.</summary>
    public static ResiliencePipeline Create(StorageOptions options)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && S3Errors.IsTransient(ex, args.Context.CancellationToken)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = _ =>
                {
                    StorageTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("store", "s3"));
                    return default;
                },
            })
            .Build();
    }
}
