using System.Text.Json;

namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>The content of <c>_delta_log/_last_checkpoint</c> that replay uses: a pointer to a recent checkpoint.</summary>
/// <param name="Version">The checkpointed version.</param>
/// <param name="Parts">The number of parts of a multi-part checkpoint, or null.</param>
/// <param name="V2CheckpointPath">The file name of a UUID-named V2 checkpoint, or null.</param>
internal sealed record LastCheckpointHint(long Version, int? Parts, string? V2CheckpointPath)
{
    /// <summary>Parses the hint; returns null when the content is not valid (a corrupt hint is ignored, never fatal).</summary>
    public static LastCheckpointHint? TryParse(ReadOnlySpan<byte> content)
    {
        try
        {
            var reader = new Utf8JsonReader(content);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt64(out var v) || v < 0)
            {
                return null;
            }

            int? parts = root.TryGetProperty("parts", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n) ? n : null;
            string? v2Path = root.TryGetProperty("v2Checkpoint", out var v2) && v2.ValueKind == JsonValueKind.Object
                && v2.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String ? path.GetString() : null;
            return new LastCheckpointHint(v, parts, v2Path);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
