using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace Orasi.Connectors.Storage;

/// <summary>Builds an <see cref="AmazonS3Client"/> from <see cref="StorageOptions"/>.</summary>
internal static class S3ClientFactory
{
    /// <summary>
    /// Creates a client. Credentials come from the options, then the named profile, then the SDK's default chain
    /// (environment, shared files, container/instance roles). SDK retries are off: the store retries with Polly.
    /// </summary>
    /// <exception cref="AuthenticationFailedException">The named profile does not exist.</exception>
    /// <exception cref="ValidationFailedException">The region is unknown.</exception>
    public static AmazonS3Client Create(StorageOptions options)
    {
        var config = new AmazonS3Config { MaxErrorRetry = 0 };
        if (options.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.OriginalString.TrimEnd('/');
            config.AuthenticationRegion = options.Region ?? "us-east-1";
            config.ForcePathStyle = !options.VirtualHostedStyleRequest;
            config.UseHttp = endpoint.Scheme == Uri.UriSchemeHttp;

            // S3-compatible servers often lack the flexible checksums SDK v4 sends by default.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (options.Timeout is { } timeout)
        {
            config.Timeout = timeout;
        }

        if (options.ConnectTimeout is { } connectTimeout)
        {
            config.ConnectTimeout = connectTimeout;
        }

        var credentials = ResolveCredentials(options);
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    private static AWSCredentials? ResolveCredentials(StorageOptions options)
    {
        if (options.AccessKeyId is { } keyId && options.SecretAccessKey is { } secret)
        {
            return options.SessionToken is { } token
                ? new SessionAWSCredentials(keyId, secret, token)
                : new BasicAWSCredentials(keyId, secret);
        }

        if (options.Profile is { } profile)
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)
                ? fromProfile
                : throw new AuthenticationFailedException(
                    $"The AWS profile '{profile}' (storage option 'aws_profile') was not found in the shared config or credentials files; create it or fix the name.");
        }

        return null;
    }
}
