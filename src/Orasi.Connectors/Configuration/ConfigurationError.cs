namespace Orasi.Connectors.Configuration;

/// <summary>One configuration problem: the full dotted key (<c>connectors.deltalake.batch_size</c>) and why it is wrong.</summary>
/// <param name="Key">The dotted key the problem is about.</param>
/// <param name="Reason">What is wrong, e.g. <c>must be a positive integer, got "abc"</c>; never contains a secret value.</param>
public sealed record ConfigurationError(string Key, string Reason)
{
    /// <summary>The problem as one phrase: <c>{Key} {Reason}</c>.</summary>
    public override string ToString() => $"{Key} {Reason}";
}
