using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Orasi.Connectors.Configuration;

namespace Orasi.Connectors.Tests.Configuration;

public enum SampleWriteMode
{
    Append,
    Overwrite,
    ErrorIfExists,
}

/// <summary>The per-connector options pattern: derive from ConnectorOptions, add snake_case-mapped properties.</summary>
public sealed class SampleDeltaLakeOptions : ConnectorOptions
{
    [ConfigurationKeyName("table_path")]
    [Required]
    public string? TablePath { get; set; }

    public Dictionary<string, string> StorageOptions { get; set; } = new();

    public List<string> PartitionColumns { get; set; } = [];

    public SampleWriteMode Mode { get; set; } = SampleWriteMode.Append;

    [Range(1, 100)]
    public int? PrivateKeyVersion { get; set; }

    [MinLength(8)]
    public string? ClientSecret { get; set; }

    public TimeSpan? CheckpointInterval { get; set; }

    public override IEnumerable<ConfigurationError> Validate()
    {
        if (TablePath is not null && TablePath.StartsWith("s3://", StringComparison.Ordinal) && !StorageOptions.ContainsKey("aws_region"))
        {
            yield return new ConfigurationError("storage_options", "must contain aws_region when table_path is an s3:// URI");
        }
    }
}
