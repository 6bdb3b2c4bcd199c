using System.Reflection;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>The engine name and version written into commitInfo and Parquet footers.</summary>
internal static class DeltaEngineInfo
{
    /// <summary>The library version (informational version without build metadata).</summary>
    public static string Version { get; } = (typeof(DeltaEngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>The commitInfo <c>engineInfo</c>: <c>orasi-connectors/&lt;version&gt;</c>.</summary>
    public static string EngineInfo { get; } = "orasi-connectors/" + Version;
}
