namespace Orasi.Connectors.DeltaLake.Transactions;

/// <summary>How a Delta commit is made: retries on conflicts, checkpointing and extra commitInfo fields.</summary>
public sealed record DeltaCommitProperties
{
    /// <summary>The default number of retries after losing a commit race.</summary>
    public const int DefaultMaxRetries = 15;

    /// <summary>How many times a commit is retried at a newer version after a concurrent writer won (0 disables retries).</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>Whether to write a checkpoint when the committed version is a multiple of <c>delta.checkpointInterval</c>.</summary>
    public bool CreateCheckpoint { get; init; } = true;

    /// <summary>Extra string fields added to the commitInfo action (for example a job id); keys must not clash with spec fields.</summary>
    public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }
}
