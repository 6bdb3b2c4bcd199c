using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orasi.Connectors.Kafka.Tests.Support;

/// <summary>
/// TEST DOUBLE of the Confluent Schema Registry: an in-test HTTP server implementing the documented REST subset
/// Confluent.SchemaRegistry's client uses (POST /subjects/{s}/versions, POST /subjects/{s}, GET /schemas/ids/{id},
/// GET /subjects, GET /subjects/{s}/versions/latest, POST /compatibility/subjects/{s}/versions/latest, GET/PUT /config[/{s}]).
/// Compatibility is BACKWARD for Avro records: a new version may not add a field without a default (409, error 409).
/// Used when SCHEMA_REGISTRY_URL is not set.
/// </summary>
public sealed class FakeSchemaRegistry : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<(string Schema, string Type)> _schemas = [];
    private readonly Dictionary<string, List<int>> _subjects = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public FakeSchemaRegistry()
    {
        int port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public int RequestCount;

    /// <summary>A real registry URL from SCHEMA_REGISTRY_URL, else this double's.</summary>
    public static string? External => Environment.GetEnvironmentVariable("SCHEMA_REGISTRY_URL") is { Length: > 0 } s ? s : null;

    public IReadOnlyCollection<string> Subjects
    {
        get
        {
            lock (_gate)
            {
                return [.. _subjects.Keys];
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref RequestCount);
            try
            {
                Handle(context);
            }
            catch (Exception ex)
            {
                Reply(context, 500, new JsonObject { ["error_code"] = 50001, ["message"] = ex.Message });
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        string path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimEnd('/'));
        string method = context.Request.HttpMethod;
        JsonNode? body = null;
        if (context.Request.HasEntityBody)
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            body = JsonNode.Parse(reader.ReadToEnd());
        }

        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        lock (_gate)
        {
            if (method == "POST" && parts is ["subjects", var subject, "versions"])
            {
                string schema = body!["schema"]!.GetValue<string>();
                string type = body["schemaType"]?.GetValue<string>() ?? "AVRO";
                int existing = _schemas.FindIndex(s => s.Schema == schema && s.Type == type);
                if (_subjects.TryGetValue(subject, out var versions) && existing >= 0 && versions.Contains(existing + 1))
                {
                    Reply(context, 200, new JsonObject { ["id"] = existing + 1 });
                    return;
                }

                if (versions is { Count: > 0 } && !Compatible(_schemas[versions[^1] - 1], schema, type, out string why))
                {
                    Reply(context, 409, new JsonObject { ["error_code"] = 409, ["message"] = $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\": {why}" });
                    return;
                }

                int id = existing >= 0 ? existing + 1 : Add(schema, type);
                (_subjects.TryGetValue(subject, out var list) ? list : _subjects[subject] = []).Add(id);
                Reply(context, 200, new JsonObject { ["id"] = id });
                return;
            }

            if (method == "POST" && parts is ["subjects", var lookupSubject])
            {
                string schema = body!["schema"]!.GetValue<string>();
                if (_subjects.TryGetValue(lookupSubject, out var versions))
                {
                    for (int v = 0; v < versions.Count; v++)
                    {
                        if (_schemas[versions[v] - 1].Schema == schema)
                        {
                            Reply(context, 200, new JsonObject { ["subject"] = lookupSubject, ["id"] = versions[v], ["version"] = v + 1, ["schema"] = schema });
                            return;
                        }
                    }
                }

                Reply(context, 404, new JsonObject { ["error_code"] = 40403, ["message"] = "Schema not found" });
                return;
            }

            if (method == "GET" && parts is ["schemas", "ids", var idText])
            {
                int id = int.Parse(idText, System.Globalization.CultureInfo.InvariantCulture);
                if (id < 1 || id > _schemas.Count)
                {
                    Reply(context, 404, new JsonObject { ["error_code"] = 40403, ["message"] = "Schema not found" });
                    return;
                }

                var s = _schemas[id - 1];
                var reply = new JsonObject { ["schema"] = s.Schema };
                if (s.Type != "AVRO")
                {
                    reply["schemaType"] = s.Type;
                }

                Reply(context, 200, reply);
                return;
            }

            if (method == "GET" && parts is ["subjects"])
            {
                Reply(context, 200, new JsonArray([.. _subjects.Keys.Select(k => (JsonNode)k)]));
                return;
            }

            if (method == "GET" && parts is ["subjects", var latestSubject, "versions", "latest"])
            {
                if (!_subjects.TryGetValue(latestSubject, out var versions))
                {
                    Reply(context, 404, new JsonObject { ["error_code"] = 40401, ["message"] = "Subject not found" });
                    return;
                }

                var s = _schemas[versions[^1] - 1];
                Reply(context, 200, new JsonObject { ["subject"] = latestSubject, ["id"] = versions[^1], ["version"] = versions.Count, ["schema"] = s.Schema, ["schemaType"] = s.Type });
                return;
            }

            if (method == "POST" && parts is ["compatibility", "subjects", var compatSubject, "versions", "latest"])
            {
                string schema = body!["schema"]!.GetValue<string>();
                string type = body["schemaType"]?.GetValue<string>() ?? "AVRO";
                bool ok = !_subjects.TryGetValue(compatSubject, out var versions) || Compatible(_schemas[versions[^1] - 1], schema, type, out _);
                Reply(context, 200, new JsonObject { ["is_compatible"] = ok });
                return;
            }

            if (parts is ["config", ..])
            {
                Reply(context, 200, new JsonObject { ["compatibilityLevel"] = "BACKWARD" });
                return;
            }
        }

        Reply(context, 404, new JsonObject { ["error_code"] = 404, ["message"] = $"Not implemented by the test double: {method} {path}" });
    }

    private int Add(string schema, string type)
    {
        _schemas.Add((schema, type));
        return _schemas.Count;
    }

    private static bool Compatible((string Schema, string Type) old, string schema, string type, out string why)
    {
        why = "";
        if (type != "AVRO" || old.Type != "AVRO")
        {
            return true;
        }

        var oldFields = Fields(old.Schema);
        foreach (var (name, hasDefault) in Fields(schema))
        {
            if (!oldFields.ContainsKey(name) && !hasDefault)
            {
                why = $"field '{name}' was added without a default";
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, bool> Fields(string schema)
    {
        var node = JsonNode.Parse(schema)!;
        if (node is JsonObject o && o["type"]?.GetValue<string>() == "array")
        {
            node = o["items"]!;
        }

        return node["fields"]?.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!.AsObject().ContainsKey("default")) ?? [];
    }

    private static void Reply(HttpListenerContext context, int status, JsonNode body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/vnd.schemaregistry.v1+json";
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
