using System.Reflection;
using System.Runtime.InteropServices;

namespace Orasi.Testing.Kafka;

/// <summary>
/// P/Invokes into librdkafka's mock-cluster API. The native library is the very file Confluent.Kafka loads: on
/// Debian 12 the default <c>librdkafka.so</c> needs the absent <c>libsasl2.so.3</c>, so both fall back to
/// <c>centos8-librdkafka.so</c>. <see cref="EnsureLoaded"/> loads it once for Confluent.Kafka and for these imports.
/// </summary>
internal static class LibrdkafkaNative
{
    private const string Library = "librdkafka";
    private static readonly Lock Gate = new();
    private static string? _path;

    /// <summary>The path of the native library in use.</summary>
    public static string Path => EnsureLoaded();

    /// <summary>Loads librdkafka for Confluent.Kafka and registers the resolver for our imports; returns its path.</summary>
    public static string EnsureLoaded()
    {
        lock (Gate)
        {
            if (_path is not null)
            {
                return _path;
            }

            // Let Confluent.Kafka load librdkafka its own way (it falls back to centos8-librdkafka.so on Debian 12),
            // then use the very file it mapped, found in /proc/self/maps.
            _ = Confluent.Kafka.Library.Version;
            string path = LoadedPath() ?? Candidates().FirstOrDefault(CanLoad)
                ?? throw new InvalidOperationException(
                    "librdkafka could not be loaded: none of the runtimes/linux-x64/native/*librdkafka.so files next to the tests " +
                    "or in ~/.nuget/packages/librdkafka.redist loads on this machine.");
            NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaNative).Assembly, Resolve);
            _path = path;
            return path;
        }
    }

    private static string? LoadedPath()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        foreach (string line in File.ReadLines(maps))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.EndsWith("librdkafka.so", StringComparison.Ordinal))
            {
                return line[slash..];
            }
        }

        return null;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library && _path is not null ? NativeLibrary.Load(_path) : IntPtr.Zero;

    private static bool CanLoad(string path)
    {
        if (!File.Exists(path) || !NativeLibrary.TryLoad(path, out IntPtr handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    private static IEnumerable<string> Candidates()
    {
        string[] names = ["librdkafka.so", "centos8-librdkafka.so"];
        string native = System.IO.Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (string name in names)
        {
            yield return System.IO.Path.Combine(native, name);
        }

        string packages = System.IO.Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", "librdkafka.redist");
        if (Directory.Exists(packages))
        {
            foreach (string version in Directory.GetDirectories(packages).OrderDescending(StringComparer.Ordinal))
            {
                foreach (string name in names)
                {
                    yield return System.IO.Path.Combine(version, "runtimes", "linux-x64", "native", name);
                }
            }
        }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr rd_kafka_conf_new();

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern int rd_kafka_conf_set(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, byte[] errstr, UIntPtr errstrSize);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern void rd_kafka_destroy(IntPtr rk);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern int rd_kafka_mock_topic_create(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, UIntPtr count, int[] errors);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern int rd_kafka_mock_partition_set_leader(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partition, int brokerId);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr rd_kafka_err2str(int err);
}
