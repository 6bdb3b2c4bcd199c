namespace Orasi.Connectors.Tests.Connectors;

public sealed class ConnectorExceptionTests
{
    public static TheoryData<ConnectorException, bool> Errors() => new()
    {
        { new ConnectionFailedException("x"), true },
        { new CommitConflictException("x"), true },
        { new AuthenticationFailedException("x"), false },
        { new ValidationFailedException("x"), false },
        { new TableNotFoundException("x"), false },
        { new UnsupportedFeatureException("x"), false },
        { new CorruptDataException("x"), false },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_error_says_whether_retrying_can_help(ConnectorException error, bool retryable)
    {
        Assert.Equal(retryable, error.IsRetryable);
        Assert.Equal(retryable, error.IsTransient);
        Assert.IsAssignableFrom<ConnectorException>(error);
    }

    [Fact]
    public void Inner_exceptions_and_messages_are_kept()
    {
        var inner = new IOException("disk full");
        var error = new CorruptDataException("_delta_log/00000000000000000003.json line 2 is not JSON; restore the file or rewrite the commit.", inner);

        Assert.Same(inner, error.InnerException);
        Assert.StartsWith("_delta_log/", error.Message, StringComparison.Ordinal);
    }
}
