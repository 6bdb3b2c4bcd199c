using Amazon.S3;
using Amazon.S3.Model;
using Orasi.Connectors.Storage;
using Orasi.Testing;

namespace Orasi.Connectors.Tests.Storage;

/// <summary>Server-side encryption and storage class reach PutObject and multipart uploads.</summary>
[Collection(MotoServerFixture.CollectionName)]
public sealed class S3WriteSettingsTests(MotoServerFixture moto)
{
    [Fact]
    public void Encryption_and_storage_class_keys_are_parsed_and_validated()
    {
        var options = StorageOptions.Parse(new Dictionary<string, string>
        {
            ["aws_server_side_encryption"] = "sse-kms",
            ["sse_kms_key_id"] = "alias/orasi",
            ["storage_class"] = "standard_ia",
        }, environment: null);
        Assert.Equal("aws:kms", options.ServerSideEncryption);
        Assert.Equal("alias/orasi", options.SseKmsKeyId);
        Assert.Equal("STANDARD_IA", options.StorageClass);
        Assert.Contains("ServerSideEncryption = aws:kms", options.ToString(), StringComparison.Ordinal);

        var bad = Assert.Throws<ValidationFailedException>(() => StorageOptions.Parse(
            new Dictionary<string, string> { ["aws_server_side_encryption"] = "rot13" }, environment: null));
        Assert.Contains("aws_server_side_encryption", bad.Message, StringComparison.Ordinal);
        var mismatch = Assert.Throws<ValidationFailedException>(() => StorageOptions.Parse(
            new Dictionary<string, string> { ["aws_server_side_encryption"] = "AES256", ["aws_sse_kms_key_id"] = "k" }, environment: null));
        Assert.Contains("aws_sse_kms_key_id", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_and_multipart_objects_carry_sse_s3_and_the_storage_class()
    {
        var bucket = await moto.CreateBucketAsync("sse");
        await using var store = ObjectStoreFactory.Open($"s3://{bucket}/p", moto.StorageOptions(new Dictionary<string, string>
        {
            ["aws_server_side_encryption"] = "AES256",
            ["aws_storage_class"] = "STANDARD_IA",
            ["multipart_part_size"] = "5MiB",
        }));

        await store.PutAsync("small.bin", new byte[] { 1, 2, 3 });
        await using (var stream = await store.OpenWriteAsync("large.bin"))
        {
            var chunk = new byte[1024 * 1024];
            for (var i = 0; i < 11; i++)
            {
                await stream.WriteAsync(chunk);
            }

            await stream.CompleteAsync();
        }

        using var client = moto.CreateClient();
        foreach (var key in new[] { "p/small.bin", "p/large.bin" })
        {
            var head = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key });
            Assert.Equal(ServerSideEncryptionMethod.AES256, head.ServerSideEncryptionMethod);
            Assert.Equal(S3StorageClass.StandardInfrequentAccess, head.StorageClass);
        }
    }
}
