namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>
/// One application transaction (<c>txn</c> action) recorded by a write, guarded by the version the writer expects
/// the table to hold: the write fails with <see cref="CommitConflictException"/> when the table records a different
/// version for <see cref="AppId"/> (or a concurrent commit records one), so a writer that lost ownership of a stream
/// (for example a Kafka partition after a rebalance) cannot append the same data twice.
/// </summary>
/// <param name="AppId">The application id.</param>
/// <param name="Version">The version to record.</param>
/// <param name="ExpectedVersion">The version the table must currently record for <paramref name="AppId"/>; null when it must record none.</param>
public sealed record DeltaAppTransaction(string AppId, long Version, long? ExpectedVersion);
