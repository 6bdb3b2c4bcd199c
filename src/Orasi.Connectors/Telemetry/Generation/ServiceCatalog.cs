using System.Globalization;
using System.Text;

namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>
/// The deterministic set of services the generator simulates: names after the OpenTelemetry demo shop, each with a
/// version, runtime, endpoints, downstream services, a database and k8s pods. Built once from the seed.
/// </summary>
internal sealed class ServiceCatalog
{
    private static readonly string[] Names =
    [
        "frontend", "frontend-proxy", "checkout", "cart", "payment", "product-catalog", "currency", "shipping", "email",
        "ad", "recommendation", "quote", "fraud-detection", "accounting", "image-provider", "inventory", "user", "auth",
        "search", "notification", "review", "pricing", "loyalty", "warehouse",
    ];

    private static readonly string[] Languages = ["dotnet", "java", "go", "python", "nodejs", "rust", "ruby", "php"];

    private static readonly Dictionary<string, (string Scope, string Version, string[] Exceptions)> Runtimes = new(StringComparer.Ordinal)
    {
        ["dotnet"] = ("OpenTelemetry.Instrumentation.AspNetCore", "1.12.0", ["System.InvalidOperationException", "System.TimeoutException", "System.Net.Http.HttpRequestException"]),
        ["java"] = ("io.opentelemetry.spring-webmvc-6.0", "2.16.0-alpha", ["java.lang.IllegalStateException", "java.net.SocketTimeoutException", "java.lang.NullPointerException"]),
        ["go"] = ("go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "0.61.0", ["*errors.errorString", "context.deadlineExceededError", "*net.OpError"]),
        ["python"] = ("opentelemetry.instrumentation.flask", "0.54b1", ["ValueError", "TimeoutError", "KeyError"]),
        ["nodejs"] = ("@opentelemetry/instrumentation-http", "0.202.0", ["Error", "TypeError", "FetchError"]),
        ["rust"] = ("tracing-opentelemetry", "0.31.0", ["tonic::Status", "reqwest::Error", "std::io::Error"]),
        ["ruby"] = ("OpenTelemetry::Instrumentation::Rack", "0.26.0", ["RuntimeError", "Net::ReadTimeout", "ActiveRecord::RecordNotFound"]),
        ["php"] = ("io.opentelemetry.contrib.php.slim", "1.1.0", ["RuntimeException", "PDOException", "TypeError"]),
    };

    private static readonly string[] Resources = ["items", "orders", "users", "carts", "products", "sessions", "quotes", "payments"];

    private static readonly (string System, string Port)[] Databases =
        [("postgresql", "5432"), ("redis", "6379"), ("mongodb", "27017"), ("mysql", "3306")];

    /// <summary>Builds the catalog of <paramref name="serviceCount"/> services with <paramref name="instances"/> pods each.</summary>
    public ServiceCatalog(long seed, int serviceCount, int instances)
    {
        var rng = new SeededRandom(seed, stream: 0xCA7A);
        Services = new ServiceProfile[serviceCount];
        for (int i = 0; i < serviceCount; i++)
        {
            string name = i < Names.Length ? Names[i] : $"{Names[i % Names.Length]}-{(i / Names.Length) + 1}";
            Services[i] = CreateService(rng, i, name, instances);
        }

        for (int i = 0; i < serviceCount; i++)
        {
            int count = serviceCount == 1 ? 0 : rng.Next(1, Math.Min(4, serviceCount));
            var downstream = new List<int>();
            while (downstream.Count < count)
            {
                int d = rng.Next(serviceCount);
                if (d != i && !downstream.Contains(d))
                {
                    downstream.Add(d);
                }
            }

            Services[i].Downstreams = [.. downstream];
        }

        Instances = [.. Services.SelectMany(s => s.Instances)];
    }

    /// <summary>The services.</summary>
    public ServiceProfile[] Services { get; }

    /// <summary>All instances of all services.</summary>
    public ServiceInstance[] Instances { get; }

    /// <summary>UTF-8 bytes of a string.</summary>
    public static byte[] U8(string value) => Encoding.UTF8.GetBytes(value);

    private static ServiceProfile CreateService(SeededRandom rng, int index, string name, int instanceCount)
    {
        string language = Languages[(index + rng.Next(3)) % Languages.Length];
        var runtime = Runtimes[language];
        bool isRpc = index > 1 && rng.Chance(0.4);
        string version = string.Create(CultureInfo.InvariantCulture, $"{1 + rng.Next(3)}.{rng.Next(20)}.{rng.Next(10)}");
        string pascal = string.Concat(name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        string resource = index == 0 ? "products" : Resources[rng.Next(Resources.Length)];

        var ops = new List<ServiceOperation>();
        int opCount = rng.Next(3, 7);
        string[] rpcMethods = ["Get", "List", "Create", "Update", "Delete", "Search", "Validate"];
        string[] httpShapes = ["GET /api/{0}/{{id}}", "GET /api/{0}", "POST /api/{0}", "PUT /api/{0}/{{id}}", "DELETE /api/{0}/{{id}}", "GET /api/{0}/{{id}}/details", "GET /health"];
        for (int k = 0; k < opCount; k++)
        {
            if (isRpc)
            {
                string rpcService = $"oteldemo.{pascal}Service";
                string method = rpcMethods[k % rpcMethods.Length] + char.ToUpperInvariant(resource[0]) + resource[1..];
                ops.Add(new ServiceOperation
                {
                    SpanName = U8($"{rpcService}/{method}"),
                    RpcService = U8(rpcService),
                    RpcMethod = U8(method),
                    MethodText = method,
                    RouteText = $"{rpcService}/{method}",
                });
            }
            else
            {
                string shape = string.Format(CultureInfo.InvariantCulture, httpShapes[k % httpShapes.Length], resource);
                string method = shape[..shape.IndexOf(' ', StringComparison.Ordinal)];
                string route = shape[(method.Length + 1)..];
                int idAt = route.IndexOf("{id}", StringComparison.Ordinal);
                ops.Add(new ServiceOperation
                {
                    SpanName = U8(shape),
                    Method = U8(method),
                    Route = U8(route),
                    PathPrefix = U8(idAt >= 0 ? route[..idAt] : route),
                    HasId = idAt >= 0,
                    IsCreate = method == "POST",
                    MethodText = method,
                    RouteText = route,
                });
            }
        }

        byte[]? dbSystem = null;
        DbStatement[] statements = [];
        byte[] dbPort = [];
        if (rng.Chance(0.6))
        {
            var (system, port) = Databases[rng.Next(Databases.Length)];
            dbSystem = U8(system);
            dbPort = U8(port);
            statements = system switch
            {
                "redis" => [Db("GET", resource, $"GET {resource}:?"), Db("SET", resource, $"SET {resource}:? ?"), Db("HGETALL", resource, $"HGETALL {resource}:?")],
                "mongodb" => [Db("find", resource, $"{{\"find\":\"{resource}\",\"filter\":{{\"_id\":\"?\"}}}}"), Db("insert", resource, $"{{\"insert\":\"{resource}\"}}"), Db("aggregate", resource, $"{{\"aggregate\":\"{resource}\"}}")],
                _ =>
                [
                    Db("SELECT", resource, $"SELECT id, name, price, updated_at FROM {resource} WHERE id = ?"),
                    Db("SELECT", resource, $"SELECT * FROM {resource} WHERE owner_id = ? ORDER BY created_at DESC LIMIT ?"),
                    Db("INSERT", resource, $"INSERT INTO {resource} (id, owner_id, payload) VALUES (?, ?, ?)"),
                    Db("UPDATE", resource, $"UPDATE {resource} SET status = ? WHERE id = ?"),
                ],
            };
        }

        string[] functions = ["Handle", "Validate", "Serialize", "LoadFromCache", "ComputeTotals", "ApplyDiscounts", "Authorize", "Render"];
        var profile = new ServiceProfile
        {
            Index = index,
            Name = name,
            NameUtf8 = U8(name),
            Version = version,
            Language = language,
            ScopeName = U8(runtime.Scope),
            ScopeVersion = U8(runtime.Version),
            ScopeNameText = runtime.Scope,
            ScopeVersionText = runtime.Version,
            IsRpc = isRpc,
            Operations = [.. ops],
            DbSystem = dbSystem,
            DbNamespace = U8($"{name.Replace('-', '_')}_db"),
            DbAddress = U8($"{name}-db"),
            DbPort = dbPort,
            DbStatements = statements,
            Functions = [.. functions.Select(f => U8($"{pascal}.{f}"))],
            ExceptionTypes = [.. runtime.Exceptions.Select(U8)],
            Loggers = [U8($"{name}.api"), U8($"{name}.worker"), U8($"{name}.repository")],
        };

        var instances = new ServiceInstance[instanceCount];
        for (int k = 0; k < instanceCount; k++)
        {
            string pod = $"{name}-{Hex(rng, 5)}-{Hex(rng, 5)}";
            string node = $"ip-10-0-{rng.Next(256)}-{rng.Next(256)}.ec2.internal";
            string instanceId = $"{Hex(rng, 8)}-{Hex(rng, 4)}-4{Hex(rng, 3)}-a{Hex(rng, 3)}-{Hex(rng, 12)}";
            instances[k] = new ServiceInstance
            {
                Service = profile,
                PodName = pod,
                Resource = new Columns.EncodedAttributes(
                [
                    Kv("service.name", name),
                    Kv("service.namespace", "orasi-shop"),
                    Kv("service.version", version),
                    Kv("service.instance.id", instanceId),
                    Kv("host.name", node),
                    Kv("k8s.namespace.name", "shop"),
                    Kv("k8s.pod.name", pod),
                    Kv("k8s.node.name", node),
                    Kv("deployment.environment.name", "production"),
                    Kv("telemetry.sdk.language", language),
                    Kv("telemetry.sdk.name", "opentelemetry"),
                    Kv("cloud.region", (index + k) % 3 == 0 ? "eu-west-1" : "us-east-1"),
                ]),
            };
        }

        profile.Instances = instances;
        return profile;

        static DbStatement Db(string op, string collection, string query) =>
            new(U8(op), U8(collection), U8(query), U8($"{op} {collection}"));
    }

    private static KeyValuePair<string, string> Kv(string key, string value) => new(key, value);

    private static string Hex(SeededRandom rng, int length)
    {
        const string Digits = "0123456789abcdef";
        return string.Create(length, rng, static (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = Digits[r.Next(16)];
            }
        });
    }
}
