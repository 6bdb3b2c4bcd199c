namespace Orasi.Connectors.DeltaLake.Tests.Conformance;

/// <summary>
/// What reading a corpus table must do when it does not simply scan: fail with <paramref name="Exception"/> (a
/// <see cref="ConnectorException"/> subtype) whose message contains <paramref name="MessageContains"/>, or — when
/// <paramref name="Exception"/> is null — read successfully although its name looks negative.
/// </summary>
/// <param name="Exception">The expected exception type, or null when the table must read.</param>
/// <param name="MessageContains">Text the message must contain (the feature name, the missing action…).</param>
/// <param name="Reason">Why; shown on failure.</param>
internal sealed record ExpectedOutcome(Type? Exception, string? MessageContains, string Reason)
{
    public static ExpectedOutcome Reads(string reason) => new(null, null, reason);

    public static ExpectedOutcome Unsupported(string feature, string reason) => new(typeof(UnsupportedFeatureException), feature, reason);

    public static ExpectedOutcome Corrupt(string messageContains, string reason) => new(typeof(CorruptDataException), messageContains, reason);

    public static ExpectedOutcome NotFound(string reason) => new(typeof(TableNotFoundException), null, reason);
}
