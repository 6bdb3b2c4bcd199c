namespace Orasi.Connectors.Storage;

/// <summary>One immutable object held by <see cref="MemoryObjectStore"/>.</summary>
/// <param name="Data">The object's bytes; never mutated after creation.</param>
/// <param name="LastModified">When it was written.</param>
/// <param name="ETag">A unique tag of this version.</param>
internal sealed record MemoryObject(byte[] Data, DateTimeOffset LastModified, string ETag);
