namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>A database call a service makes, pre-encoded: operation, collection/table, query text and span name.</summary>
/// <param name="Operation">e.g. <c>SELECT</c>.</param>
/// <param name="Collection">e.g. <c>orders</c>.</param>
/// <param name="Query">The sanitized query text.</param>
/// <param name="SpanName">e.g. <c>SELECT orders</c>.</param>
internal sealed record DbStatement(byte[] Operation, byte[] Collection, byte[] Query, byte[] SpanName);
