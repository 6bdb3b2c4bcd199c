using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Orasi.Connectors.Storage;

/// <summary>Classifies S3 SDK failures as transient or not and maps them to the connector error hierarchy.</summary>
internal static class S3Errors
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException",
        "RequestLimitExceeded", "RequestThrottled", "TooManyRequestsException", "BandwidthLimitExceeded",
    };

    private static readonly HashSet<string> AuthenticationCodes = new(StringComparer.Ordinal)
    {
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "ExpiredToken", "InvalidToken",
        "TokenRefreshRequired", "AllAccessDisabled", "AccountProblem", "InvalidSecurity",
    };

    /// <summary>True for an HTTP status of 412 Precondition Failed, or 409 ConditionalRequestConflict (a concurrent conditional write).</summary>
    public static bool IsPreconditionFailure(AmazonServiceException ex) =>
        ex.StatusCode == HttpStatusCode.PreconditionFailed
        || ex.ErrorCode == "PreconditionFailed"
        || (ex.StatusCode == HttpStatusCode.Conflict && ex.ErrorCode == "ConditionalRequestConflict");

    /// <summary>True for a missing object (404 NoSuchKey, or a bare 404 of a HEAD request), but not a missing bucket.</summary>
    public static bool IsNotFound(AmazonServiceException ex) =>
        ex.ErrorCode != "NoSuchBucket" && (ex.ErrorCode is "NoSuchKey" or "NotFound" || ex.StatusCode == HttpStatusCode.NotFound);

    /// <summary>
    /// True when trying the same request again may succeed: 5xx, throttling, request timeouts, refused or dropped
    /// connections. A cancellation is transient only when <paramref name="callerToken"/> was not cancelled (an SDK timeout).
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case ConnectorException:
                    return false;
                case AmazonServiceException service when service.StatusCode != 0:
                    var status = (int)service.StatusCode;
                    if (IsPreconditionFailure(service))
                    {
                        return false;
                    }

                    return status >= 500 || status is 408 or 429 || (service.ErrorCode is { } code && TransientCodes.Contains(code));
                case HttpRequestException or SocketException or TimeoutException:
                    return true;
                case IOException when ex is not FileNotFoundException and not DirectoryNotFoundException:
                    return true;
                case OperationCanceledException:
                    return !callerToken.IsCancellationRequested;
            }
        }

        return false;
    }

    /// <summary>Maps a failure of <paramref name="operation"/> on <paramref name="key"/> to a connector exception with a clear message.</summary>
    public static Exception Map(Exception exception, string operation, string bucket, string key, string endpoint, int attempts)
    {
        if (exception is ConnectorException)
        {
            return exception;
        }

        var target = key.Length == 0 ? $"s3://{bucket}" : $"s3://{bucket}/{key}";
        var service = Find<AmazonServiceException>(exception);
        if (service is not null && service.StatusCode != 0)
        {
            var code = service.ErrorCode ?? ((int)service.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (code == "NoSuchBucket")
            {
                return new ValidationFailedException(
                    $"The S3 bucket '{bucket}' does not exist at {endpoint}; create the bucket or fix the bucket name in the store URI.", exception);
            }

            if (IsNotFound(service))
            {
                return new ObjectNotFoundException($"No object '{target}' exists; check the path or write it first.", exception);
            }

            if (service.StatusCode == HttpStatusCode.Forbidden || AuthenticationCodes.Contains(code))
            {
                return new AuthenticationFailedException(
                    $"S3 refused {operation} of {target} at {endpoint} ({code}); check the credentials (aws_access_key_id/aws_secret_access_key, aws_profile or the AWS_* environment variables) and the bucket's permissions.",
                    exception);
            }

            if (IsTransient(service, CancellationToken.None))
            {
                return new ConnectionFailedException(
                    $"S3 {operation} of {target} at {endpoint} failed after {attempts} attempt(s) ({code}, HTTP {(int)service.StatusCode}); the service is unavailable or throttling, try again later.",
                    exception);
            }

            return new ConnectorException($"S3 {operation} of {target} at {endpoint} failed ({code}, HTTP {(int)service.StatusCode}): {service.Message}", exception);
        }

        if (exception is AmazonClientException client && client.Message.Contains("credential", StringComparison.OrdinalIgnoreCase))
        {
            return new AuthenticationFailedException(
                $"No AWS credentials were found for {operation} of {target}; set aws_access_key_id/aws_secret_access_key or aws_profile in the storage options, or the AWS_* environment variables.",
                exception);
        }

        if (IsTransient(exception, CancellationToken.None))
        {
            var reason = Innermost(exception).Message;
            return new ConnectionFailedException(
                $"Could not reach the S3 endpoint {endpoint} for {operation} of {target} after {attempts} attempt(s) ({reason}); check 'aws_endpoint' and the network, then try again.",
                exception);
        }

        return new ConnectorException($"S3 {operation} of {target} at {endpoint} failed: {exception.Message}", exception);
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var ex = exception;
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
