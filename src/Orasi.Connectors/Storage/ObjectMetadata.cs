namespace Orasi.Connectors.Storage;

/// <summary>What a store knows about one object.</summary>
/// <param name="Path">The path relative to the store's root.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">When the object was last written.</param>
/// <param name="ETag">An opaque version tag, where the store has one.</param>
public sealed record ObjectMetadata(string Path, long Size, DateTimeOffset LastModified, string? ETag = null);
