namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The primary key of a logical file in log replay: the data file path and the deletion vector unique id (null when none).</summary>
/// <param name="Path">The path exactly as written in the log.</param>
/// <param name="DeletionVectorId">The deletion vector's <see cref="DeletionVectorDescriptor.UniqueId"/>, or null.</param>
public readonly record struct LogicalFileKey(string Path, string? DeletionVectorId);
