using System.Globalization;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>Small helpers shared by the row-level operations.</summary>
internal static class RowLevelFiles
{
    /// <summary>Deletes files written by a failed operation; errors are ignored (an orphan file is harmless).</summary>
    public static async Task DeleteQuietlyAsync(IcebergFileIO io, IEnumerable<DataFile> files)
    {
        foreach (var f in files)
        {
            try
            {
                await io.DeleteAsync(f.FilePath, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConnectorException or IOException)
            {
                // best effort
            }
        }
    }

    /// <summary>A string key for a (spec id, partition tuple) pair.</summary>
    public static string PartitionKey(int specId, IReadOnlyList<object?> partition) =>
        specId.ToString(CultureInfo.InvariantCulture) + "|" + string.Join('\u0001', partition.Select(p => p switch
        {
            null => "\u0000",
            byte[] b => "b" + Convert.ToHexString(b),
            IFormattable f => "v" + f.ToString(null, CultureInfo.InvariantCulture),
            _ => "v" + p,
        }));
}
