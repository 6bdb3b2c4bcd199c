using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Orasi.Connectors.Diagnostics;

/// <summary>
/// Names and factories for the <see cref="ActivitySource"/> and <see cref="Meter"/> of each connector, so that
/// OpenTelemetry can subscribe with <c>AddSource("Orasi.Connectors.*")</c> and <c>AddMeter("Orasi.Connectors.*")</c>.
/// </summary>
public static class OrasiTelemetry
{
    /// <summary>The prefix of every activity source and meter name.</summary>
    public const string Prefix = "Orasi.Connectors";

    private static readonly string Version =
        typeof(OrasiTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The full source/meter name of a component, for example <c>Orasi.Connectors.DeltaLake</c>.</summary>
    public static string NameOf(string component) =>
        string.IsNullOrEmpty(component) ? Prefix : $"{Prefix}.{component}";

    /// <summary>Creates the activity source of a component. Keep one static instance per component.</summary>
    public static ActivitySource CreateActivitySource(string component) => new(NameOf(component), Version);

    /// <summary>Creates the meter of a component. Keep one static instance per component.</summary>
    public static Meter CreateMeter(string component) => new(NameOf(component), Version);
}
