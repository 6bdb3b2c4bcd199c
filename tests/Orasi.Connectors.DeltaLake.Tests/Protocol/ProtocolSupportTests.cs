using Orasi.Connectors.DeltaLake.Protocol;

namespace Orasi.Connectors.DeltaLake.Tests.Protocol;

public class ProtocolSupportTests
{
    [Theory]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(3, new[] { "columnMapping", "deletionVectors", "timestampNtz", "v2Checkpoint", "vacuumProtocolCheck", "typeWidening" })]
    public void Supported_protocols_pass(int reader, string[]? features) =>
        DeltaProtocolSupport.EnsureReadable(new ProtocolAction { MinReaderVersion = reader, MinWriterVersion = 7, ReaderFeatures = features }, "t");

    [Fact]
    public void Unsupported_features_are_all_named()
    {
        var ex = Assert.Throws<UnsupportedFeatureException>(() => DeltaProtocolSupport.EnsureReadable(
            new ProtocolAction { MinReaderVersion = 3, MinWriterVersion = 7, ReaderFeatures = ["deletionVectors", "variantType", "catalogManaged"] }, "t"));
        Assert.Contains("variantType", ex.Message, StringComparison.Ordinal);
        Assert.Contains("catalogManaged", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("deletionVectors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_version_above_three_is_unsupported() =>
        Assert.Throws<UnsupportedFeatureException>(() => DeltaProtocolSupport.EnsureReadable(new ProtocolAction { MinReaderVersion = 4, MinWriterVersion = 7 }, "t"));

    [Fact]
    public void Reader_version_three_requires_reader_features() =>
        Assert.Throws<CorruptDataException>(() => DeltaProtocolSupport.EnsureReadable(new ProtocolAction { MinReaderVersion = 3, MinWriterVersion = 7 }, "t"));
}
