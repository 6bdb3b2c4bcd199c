namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>Options of <see cref="DeltaMaintenance.VacuumAsync(string, DeltaVacuumOptions?, IReadOnlyDictionary{string, string}?, CancellationToken)"/>.</summary>
public sealed record DeltaVacuumOptions
{
    /// <summary>Keep files removed less than this many hours ago; null uses <c>delta.deletedFileRetentionDuration</c> (default 168 hours).</summary>
    public double? RetentionHours { get; init; }

    /// <summary>List the files that would be deleted without deleting them (and without committing).</summary>
    public bool DryRun { get; init; }

    /// <summary>Refuse a retention shorter than the table's <c>delta.deletedFileRetentionDuration</c> (default true); set false to force it.</summary>
    public bool EnforceRetentionDuration { get; init; } = true;

    /// <summary>How many deletes run at once (at least 1).</summary>
    public int MaxConcurrentDeletes { get; init; } = 16;
}
