using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;

namespace Orasi.Connectors.Storage;

/// <summary>
/// An object store in an S3 bucket under a key prefix (<c>s3://bucket/prefix</c>), on AWS or an S3-compatible server.
/// Transient failures are retried with exponential backoff; <see cref="PutIfAbsentAsync"/> uses
/// <c>If-None-Match: *</c>; <see cref="OpenWriteAsync"/> streams a multipart upload with bounded memory; and
/// <see cref="OpenReadAsync"/> returns a seekable stream doing ranged GETs with read-ahead.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    private const string StoreKind = "s3";

    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly ResiliencePipeline _pipeline;
    private readonly string _prefix;
    private readonly string _endpoint;

    /// <summary>Opens the store at <paramref name="bucket"/>/<paramref name="prefix"/> with a client built from <paramref name="options"/>.</summary>
    /// <exception cref="ValidationFailedException">The bucket name is empty or an option is invalid.</exception>
    public S3ObjectStore(string bucket, string? prefix, StorageOptions options)
        : this(bucket, prefix, options ?? throw new ArgumentNullException(nameof(options)), S3ClientFactory.Create(options), ownsClient: true)
    {
    }

    /// <summary>Opens the store over an existing client (used by tests); the client is disposed with the store when <paramref name="ownsClient"/> is true.</summary>
    internal S3ObjectStore(string bucket, string? prefix, StorageOptions options, IAmazonS3 client, bool ownsClient)
    {
        if (string.IsNullOrWhiteSpace(bucket) || bucket.Contains('/', StringComparison.Ordinal))
        {
            throw new ValidationFailedException($"The S3 bucket name '{bucket}' is invalid; use a URI like 's3://my-bucket/path'.");
        }

        options.Validate();
        Bucket = bucket;
        Options = options;
        _prefix = StoragePath.Normalize(prefix);
        _client = client;
        _ownsClient = ownsClient;
        _pipeline = S3RetryPipeline.Create(options);
        _endpoint = options.Endpoint?.ToString().TrimEnd('/') ?? $"AWS S3 ({options.Region ?? "default region"})";
        Root = new Uri(_prefix.Length == 0 ? $"s3://{bucket}" : $"s3://{bucket}/{_prefix}");
    }

    /// <summary>The bucket name.</summary>
    public string Bucket { get; }

    /// <summary>The options the store was opened with.</summary>
    public StorageOptions Options { get; }

    /// <inheritdoc />
    public Uri Root { get; }

    /// <summary>The underlying SDK client.</summary>
    internal IAmazonS3 Client => _client;

    /// <inheritdoc />
    public Task<ObjectMetadata?> HeadAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        return HeadKeyAsync(objectPath, Key(objectPath), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        var key = Key(StoragePath.ToObjectPath(path));
        return ExecuteAsync("get", key, async token =>
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, token).ConfigureAwait(false);
            var data = await ReadBodyAsync(response, token).ConfigureAwait(false);
            StorageTelemetry.CountRead(StoreKind, data.Length);
            return (ReadOnlyMemory<byte>)data;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> GetRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var objectPath = StoragePath.ToObjectPath(path);
        var key = Key(objectPath);
        if (length == 0)
        {
            _ = await HeadKeyAsync(objectPath, key, cancellationToken).ConfigureAwait(false) ?? throw NotFound(key);
            return ReadOnlyMemory<byte>.Empty;
        }

        var buffer = new byte[length];
        var read = await ReadRangeAsync(key, offset, buffer, null, cancellationToken).ConfigureAwait(false);
        return buffer.AsMemory(0, read);
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        var key = Key(objectPath);
        var head = await HeadKeyAsync(objectPath, key, cancellationToken).ConfigureAwait(false) ?? throw NotFound(key);
        if (head.Size <= Options.ReadAheadSize)
        {
            var data = await GetAsync(objectPath, cancellationToken).ConfigureAwait(false);
            return MemoryMarshal.TryGetArray(data, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(data.ToArray(), writable: false);
        }

        return new S3ReadStream(this, key, head.Size, head.ETag, Options.ReadAheadSize);
    }

    /// <inheritdoc />
    public Task<ObjectMetadata> PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        return PutKeyAsync(objectPath, Key(objectPath), content, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var key = Key(StoragePath.ToObjectPath(path));
        return ExecuteAsync("put_if_absent", key, async token =>
        {
            try
            {
                using var body = AsStream(content);
                await _client.PutObjectAsync(
                    ApplyWriteSettings(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, AutoCloseStream = false, IfNoneMatch = "*" }),
                    token).ConfigureAwait(false);
                StorageTelemetry.CountWritten(StoreKind, content.Length);
                return true;
            }
            catch (AmazonServiceException ex) when (S3Errors.IsPreconditionFailure(ex))
            {
                return false;
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ObjectWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        return Task.FromResult<ObjectWriteStream>(new S3MultipartWriteStream(this, objectPath, Key(objectPath), Options.MultipartPartSize));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectMetadata> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rootPrefix = _prefix.Length == 0 ? string.Empty : _prefix + "/";
        var fullPrefix = rootPrefix + StoragePath.ToPrefix(prefix);
        string? continuation = null;
        do
        {
            var token = continuation;
            var page = await ExecuteAsync("list", fullPrefix, t => _client.ListObjectsV2Async(
                new ListObjectsV2Request
                {
                    BucketName = Bucket,
                    Prefix = fullPrefix.Length == 0 ? null : fullPrefix,
                    MaxKeys = Options.ListPageSize,
                    ContinuationToken = token,
                },
                t), cancellationToken).ConfigureAwait(false);

            foreach (var item in page.S3Objects ?? [])
            {
                if (item.Key.EndsWith('/') || !item.Key.StartsWith(rootPrefix, StringComparison.Ordinal))
                {
                    continue; // Directory markers are not objects.
                }

                yield return new ObjectMetadata(
                    item.Key[rootPrefix.Length..],
                    item.Size ?? 0,
                    ToOffset(item.LastModified),
                    item.ETag);
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var key = Key(StoragePath.ToObjectPath(path));
        return ExecuteAsync("delete", key, t => _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, t), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => Root.ToString();

    /// <summary>Writes a whole object under a key with one PutObject.</summary>
    internal Task<ObjectMetadata> PutKeyAsync(string objectPath, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        ExecuteAsync("put", key, async token =>
        {
            using var body = AsStream(content);
            var response = await _client.PutObjectAsync(
                ApplyWriteSettings(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, AutoCloseStream = false }),
                token).ConfigureAwait(false);
            StorageTelemetry.CountWritten(StoreKind, content.Length);
            return new ObjectMetadata(objectPath, content.Length, DateTimeOffset.UtcNow, response.ETag);
        }, cancellationToken);

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/> with one ranged GET (checked against
    /// <paramref name="etag"/> when given). Returns the bytes read: fewer at the end, 0 past the end.
    /// </summary>
    internal Task<int> ReadRangeAsync(string key, long offset, Memory<byte> destination, string? etag, CancellationToken cancellationToken) =>
        ExecuteAsync("get_range", key, async token =>
        {
            try
            {
                using var response = await _client.GetObjectAsync(
                    new GetObjectRequest
                    {
                        BucketName = Bucket,
                        Key = key,
                        ByteRange = new ByteRange(offset, offset + destination.Length - 1),
                        EtagToMatch = etag,
                    },
                    token).ConfigureAwait(false);
                var read = 0;
                while (read < destination.Length)
                {
                    var n = await response.ResponseStream.ReadAsync(destination[read..], token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                StorageTelemetry.CountRead(StoreKind, read);
                return read;
            }
            catch (AmazonServiceException ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                return 0;
            }
            catch (AmazonServiceException ex) when (etag is not null && ex.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                throw new ConnectorException(
                    $"The object 's3://{Bucket}/{key}' changed while it was being read; open it again to read the new version.", ex);
            }
        }, cancellationToken);

    /// <summary>Starts a multipart upload and returns its id.</summary>
    internal Task<string> InitiateMultipartAsync(string key, CancellationToken cancellationToken) =>
        ExecuteAsync("create_multipart_upload", key, async token =>
        {
            var response = await _client.InitiateMultipartUploadAsync(
                ApplyWriteSettings(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key }), token).ConfigureAwait(false);
            return response.UploadId;
        }, cancellationToken);

    private PutObjectRequest ApplyWriteSettings(PutObjectRequest request)
    {
        if (EncryptionMethod is { } method)
        {
            request.ServerSideEncryptionMethod = method;
            request.ServerSideEncryptionKeyManagementServiceKeyId = Options.SseKmsKeyId;
        }

        if (Options.StorageClass is { } storageClass)
        {
            request.StorageClass = S3StorageClass.FindValue(storageClass);
        }

        return request;
    }

    private InitiateMultipartUploadRequest ApplyWriteSettings(InitiateMultipartUploadRequest request)
    {
        if (EncryptionMethod is { } method)
        {
            request.ServerSideEncryptionMethod = method;
            request.ServerSideEncryptionKeyManagementServiceKeyId = Options.SseKmsKeyId;
        }

        if (Options.StorageClass is { } storageClass)
        {
            request.StorageClass = S3StorageClass.FindValue(storageClass);
        }

        return request;
    }

    private ServerSideEncryptionMethod? EncryptionMethod =>
        Options.ServerSideEncryption switch
        {
            "AES256" => ServerSideEncryptionMethod.AES256,
            "aws:kms" => ServerSideEncryptionMethod.AWSKMS,
            _ when Options.SseKmsKeyId is not null => ServerSideEncryptionMethod.AWSKMS,
            _ => null,
        };

    /// <summary>Uploads one part and returns its ETag.</summary>
    internal Task<PartETag> UploadPartAsync(string key, string uploadId, int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        ExecuteAsync("upload_part", key, async token =>
        {
            using var body = AsStream(content);
            var response = await _client.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = partNumber,
                    InputStream = body,
                    PartSize = content.Length,
                },
                token).ConfigureAwait(false);
            StorageTelemetry.CountWritten(StoreKind, content.Length);
            return new PartETag(partNumber, response.ETag);
        }, cancellationToken);

    /// <summary>Completes a multipart upload, publishing the object.</summary>
    internal Task<string> CompleteMultipartAsync(string key, string uploadId, List<PartETag> parts, CancellationToken cancellationToken) =>
        ExecuteAsync("complete_multipart_upload", key, async token =>
        {
            var response = await _client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId, PartETags = parts },
                token).ConfigureAwait(false);
            return response.ETag;
        }, cancellationToken);

    /// <summary>Aborts a multipart upload, discarding its parts.</summary>
    internal Task AbortMultipartAsync(string key, string uploadId, CancellationToken cancellationToken) =>
        ExecuteAsync("abort_multipart_upload", key, async token =>
        {
            try
            {
                await _client.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId }, token).ConfigureAwait(false);
            }
            catch (AmazonServiceException ex) when (ex.ErrorCode == "NoSuchUpload")
            {
                // Already gone.
            }

            return true;
        }, cancellationToken);

    private async Task<ObjectMetadata?> HeadKeyAsync(string objectPath, string key, CancellationToken cancellationToken) =>
        await ExecuteAsync("head", key, async token =>
        {
            try
            {
                var response = await _client.GetObjectMetadataAsync(
                    new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, token).ConfigureAwait(false);
                return new ObjectMetadata(objectPath, response.ContentLength, ToOffset(response.LastModified), response.ETag);
            }
            catch (AmazonServiceException ex) when (S3Errors.IsNotFound(ex))
            {
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);

    private async Task<T> ExecuteAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.Source.StartActivity("s3." + operation, ActivityKind.Client);
        activity?.SetTag("s3.bucket", Bucket);
        activity?.SetTag("s3.key", key);
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    StorageTelemetry.CountRequest(StoreKind, operation);
                    return await action(token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw S3Errors.Map(ex, operation.Replace('_', ' '), Bucket, key, _endpoint, Options.MaxRetries + 1);
        }
    }

    private Task ExecuteAsync(string operation, string key, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, key, async token =>
        {
            await action(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static async Task<byte[]> ReadBodyAsync(GetObjectResponse response, CancellationToken cancellationToken)
    {
        var length = response.ContentLength;
        if (length >= 0 && length <= Array.MaxLength)
        {
            var data = new byte[length];
            await response.ResponseStream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
            return data;
        }

        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private static DateTimeOffset ToOffset(DateTime? value) =>
        value is { } time ? new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime()) : DateTimeOffset.UnixEpoch;

    private ObjectNotFoundException NotFound(string key) =>
        new($"No object 's3://{Bucket}/{key}' exists; check the path or write it first.");

    private string Key(string objectPath) => _prefix.Length == 0 ? objectPath : _prefix + "/" + objectPath;
}
