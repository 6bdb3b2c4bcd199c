using System.Buffers.Binary;
using Apache.Arrow;
using Orasi.Connectors.Telemetry.Columns;

namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>
/// Generates traces one at a time (a tree of 1..MaxSpansPerTrace spans with nested time windows) and writes their
/// spans straight into Arrow column buffers. A trace that does not fit a batch continues in the next one.
/// </summary>
internal sealed class SpanRowWriter : IRowWriter
{
    private const long NanosPerSecond = 1_000_000_000L;

    private static readonly byte[][] TraceStates = [ServiceCatalog.U8("ot=th:0"), ServiceCatalog.U8("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")];
    private static readonly byte[][] UserAgents =
    [
        ServiceCatalog.U8("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"),
        ServiceCatalog.U8("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"),
        ServiceCatalog.U8("python-requests/2.32.3"),
        ServiceCatalog.U8("Go-http-client/1.1"),
    ];

    private static readonly byte[][] ErrorMessages =
    [
        ServiceCatalog.U8("connection reset by peer"),
        ServiceCatalog.U8("deadline exceeded after 5s"),
        ServiceCatalog.U8("upstream returned 503 Service Unavailable"),
        ServiceCatalog.U8("object reference not set to an instance of an object"),
        ServiceCatalog.U8("invalid state: order already paid"),
    ];

    private static readonly byte[][] Topics = [ServiceCatalog.U8("orders"), ServiceCatalog.U8("payments"), ServiceCatalog.U8("notifications")];
    private static readonly byte[][] SendNames = [ServiceCatalog.U8("send orders"), ServiceCatalog.U8("send payments"), ServiceCatalog.U8("send notifications")];
    private static readonly byte[][] RpcCodes = [ServiceCatalog.U8("0"), ServiceCatalog.U8("14")];

    private readonly ServiceCatalog _catalog;
    private readonly TelemetryGeneratorOptions _options;
    private readonly SeededRandom _rng;
    private readonly SpanColumnSet _columns = new();
    private readonly double _meanGapNanosPerSpan;

    private readonly ulong[] _ids;
    private readonly int[] _parent;
    private readonly long[] _start;
    private readonly long[] _end;
    private readonly SpanNodeType[] _type;
    private readonly ServiceInstance[] _instance;
    private readonly int[] _op;
    private readonly int[] _target;
    private readonly bool[] _hasChild;
    private readonly bool[] _error;
    private readonly int[] _status;
    private readonly long[] _entity;
    private readonly int[] _eligible;
    private readonly byte[] _traceId = new byte[16];
    private readonly byte[] _previousTraceId = new byte[16];
    private ulong _previousRootId;
    private byte[] _traceState = [];
    private long _clock;
    private int _length;
    private int _next;

    /// <summary>Creates the writer; the stream starts at <see cref="TelemetryGeneratorOptions.BaseTime"/>.</summary>
    public SpanRowWriter(ServiceCatalog catalog, TelemetryGeneratorOptions options)
    {
        _catalog = catalog;
        _options = options;
        _rng = new SeededRandom(options.Seed, stream: 1);
        _clock = (options.BaseTime - DateTimeOffset.UnixEpoch).Ticks * TimeSpan.NanosecondsPerTick;
        _meanGapNanosPerSpan = NanosPerSecond / options.RecordsPerSecond;
        int max = options.MaxSpansPerTrace;
        _ids = new ulong[max];
        _parent = new int[max];
        _start = new long[max];
        _end = new long[max];
        _type = new SpanNodeType[max];
        _instance = new ServiceInstance[max];
        _op = new int[max];
        _target = new int[max];
        _hasChild = new bool[max];
        _error = new bool[max];
        _status = new int[max];
        _entity = new long[max];
        _eligible = new int[max];
    }

    /// <inheritdoc/>
    public RecordBatch WriteBatch(int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            if (_next == _length)
            {
                NewTrace();
            }

            WriteSpan(_next++);
        }

        return _columns.Build();
    }

    private void NewTrace()
    {
        var rng = _rng;
        if (_length > 0)
        {
            _traceId.CopyTo(_previousTraceId, 0);
            _previousRootId = _ids[0];
        }

        int max = _options.MaxSpansPerTrace;
        int n = rng.Chance(0.15) ? 1 : Math.Min(max, 1 + (int)(Math.Pow(rng.NextDouble(), 2.0) * max));
        BinaryPrimitives.WriteUInt64BigEndian(_traceId, rng.NextId());
        BinaryPrimitives.WriteUInt64BigEndian(_traceId.AsSpan(8), rng.NextUInt64());
        _traceState = rng.Chance(0.05) ? rng.Pick(TraceStates) : [];

        var services = _catalog.Services;
        var rootService = services.Length >= 2 && rng.Chance(0.7) ? services[rng.Next(2)] : services[rng.Next(services.Length)];
        long duration = (long)Math.Clamp(rng.LogNormal(40e6, 1.0), 100e3, 20e9);
        InitNode(0, -1, rootService.IsRpc ? SpanNodeType.ServerRpc : SpanNodeType.ServerHttp, rng.Pick(rootService.Instances), rng.Next(rootService.Operations.Length));
        _start[0] = _clock;
        _end[0] = _clock + duration;
        _entity[0] = rng.Next(1, 100_000);
        _clock += (long)rng.Exponential(_meanGapNanosPerSpan * n);

        int eligibleCount = 0;
        _eligible[eligibleCount++] = 0;
        for (int i = 1; i < n; i++)
        {
            int slot = rng.Next(eligibleCount);
            int p = _eligible[slot];
            var pType = _type[p];
            if (pType is SpanNodeType.ClientHttp or SpanNodeType.ClientRpc)
            {
                var target = services[_target[p]];
                InitNode(i, p, target.IsRpc ? SpanNodeType.ServerRpc : SpanNodeType.ServerHttp, rng.Pick(target.Instances), _op[p]);
                _entity[i] = _entity[p];
                long d = _end[p] - _start[p];
                _start[i] = _start[p] + (long)(d * (0.01 + (0.04 * rng.NextDouble())));
                _end[i] = Math.Max(_start[i], _end[p] - (long)(d * (0.01 + (0.04 * rng.NextDouble()))));
                _hasChild[p] = true;
                _eligible[slot] = _eligible[--eligibleCount];
                _eligible[eligibleCount++] = i;
                continue;
            }

            var service = _instance[p].Service;
            double r = rng.NextDouble();
            SpanNodeType type;
            if (r < 0.45 && service.Downstreams.Length > 0)
            {
                int d = rng.Pick(service.Downstreams);
                type = services[d].IsRpc ? SpanNodeType.ClientRpc : SpanNodeType.ClientHttp;
                InitNode(i, p, type, _instance[p], rng.Next(services[d].Operations.Length));
                _target[i] = d;
                _entity[i] = rng.Next(1, 100_000);
            }
            else if (r < 0.72 && service.DbSystem is not null)
            {
                InitNode(i, p, SpanNodeType.ClientDb, _instance[p], rng.Next(service.DbStatements.Length));
            }
            else if (r < 0.93)
            {
                InitNode(i, p, SpanNodeType.Internal, _instance[p], rng.Next(service.Functions.Length));
            }
            else
            {
                InitNode(i, p, SpanNodeType.Producer, _instance[p], rng.Next(Topics.Length));
            }

            long window = _end[p] - _start[p];
            _start[i] = _start[p] + (long)(window * 0.7 * rng.NextDouble());
            _end[i] = _start[i] + (long)((_end[p] - _start[i]) * (0.05 + (0.9 * rng.NextDouble())));
            if (_type[i] is not (SpanNodeType.ClientDb or SpanNodeType.Producer))
            {
                _eligible[eligibleCount++] = i;
            }
        }

        // Outcomes: servers decide, their calling client spans report the same result.
        for (int i = 0; i < n; i++)
        {
            _error[i] = rng.Chance(_options.ErrorRate);
            _status[i] = _error[i] ? (rng.Chance(0.8) ? 500 : 503)
                : _type[i] is SpanNodeType.ServerHttp && _instance[i].Service.Operations[_op[i]].IsCreate ? 201
                : rng.Chance(0.02) ? 404 : 200;
        }

        for (int i = 1; i < n; i++)
        {
            int p = _parent[i];
            if (_type[p] is SpanNodeType.ClientHttp or SpanNodeType.ClientRpc && _type[i] is SpanNodeType.ServerHttp or SpanNodeType.ServerRpc)
            {
                _error[p] = _error[i];
                _status[p] = _status[i];
            }
        }

        _length = n;
        _next = 0;
    }

    private void InitNode(int i, int parent, SpanNodeType type, ServiceInstance instance, int op)
    {
        _ids[i] = _rng.NextId();
        _parent[i] = parent;
        _type[i] = type;
        _instance[i] = instance;
        _op[i] = op;
        _target[i] = -1;
        _hasChild[i] = false;
        _entity[i] = 0;
    }

    private void WriteSpan(int i)
    {
        var c = _columns;
        var rng = _rng;
        var instance = _instance[i];
        var service = instance.Service;
        var type = _type[i];

        c.AppendTimes(_start[i], _end[i]);
        c.TraceId.Append(_traceId);
        BinaryPrimitives.WriteUInt64BigEndian(c.SpanId.AppendWritable(), _ids[i]);
        if (_parent[i] < 0)
        {
            c.ParentSpanId.AppendNull();
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(c.ParentSpanId.AppendWritable(), _ids[_parent[i]]);
        }

        c.TraceState.Append(_traceState);
        c.ServiceName.Append(service.NameUtf8);
        c.ResourceAttributes.Add(instance.Resource);
        c.ResourceAttributes.EndMap();
        c.ScopeName.Append(service.ScopeName);
        c.ScopeVersion.Append(service.ScopeVersion);
        WriteNameKindAndAttributes(i, type, service);
        c.SpanAttributes.EndMap();

        if (_error[i])
        {
            c.StatusCode.Append(OtlpNames.Utf8(SpanStatusCode.Error));
            var message = rng.Pick(ErrorMessages);
            c.StatusMessage.Append(message);
            WriteExceptionEvent(i, service, message);
        }
        else
        {
            c.StatusCode.Append(OtlpNames.Utf8(SpanStatusCode.Unset));
            c.StatusMessage.Append([]);
            if (rng.Chance(0.03))
            {
                var events = c.Events;
                events.Timestamp.Append(_start[i] + ((_end[i] - _start[i]) / 2));
                events.Name.Append(rng.Chance(0.5) ? "cache.miss"u8 : "retry"u8);
                events.Attributes.Add("attempt"u8, rng.Chance(0.8) ? "1"u8 : "2"u8);
                events.Attributes.EndMap();
                events.EndEvent();
            }
        }

        c.Events.EndList();

        if (_previousRootId != 0 && type is SpanNodeType.Internal or SpanNodeType.ServerRpc && rng.Chance(0.03))
        {
            var links = c.Links;
            links.TraceId.Append(_previousTraceId);
            BinaryPrimitives.WriteUInt64BigEndian(links.SpanId.AppendWritable(), _previousRootId);
            links.TraceState.Append([]);
            links.Attributes.Add("link.type"u8, "follows_from"u8);
            links.Attributes.EndMap();
            links.EndLink();
        }

        c.Links.EndList();
    }

    private void WriteExceptionEvent(int i, ServiceProfile service, byte[] message)
    {
        var events = _columns.Events;
        var exceptionType = _rng.Pick(service.ExceptionTypes);
        events.Timestamp.Append(_end[i] - ((_end[i] - _start[i]) / 10));
        events.Name.Append("exception"u8);
        var a = events.Attributes;
        a.Add("exception.type"u8, exceptionType);
        a.Add("exception.message"u8, message);
        a.Keys.Append("exception.stacktrace"u8);
        a.Values.Write(exceptionType);
        a.Values.Write(": "u8);
        a.Values.Write(message);
        a.Values.Write("\n   at "u8);
        a.Values.Write(_rng.Pick(service.Functions));
        a.Values.Write("()\n   at "u8);
        a.Values.Write(_rng.Pick(service.Functions));
        a.Values.Write("()"u8);
        a.Values.EndValue();
        a.EndMap();
        events.EndEvent();
    }

    private void WriteNameKindAndAttributes(int i, SpanNodeType type, ServiceProfile service)
    {
        var c = _columns;
        var a = c.SpanAttributes;
        var rng = _rng;
        switch (type)
        {
            case SpanNodeType.ServerHttp:
            {
                var op = service.Operations[_op[i]];
                c.SpanName.Append(op.SpanName);
                c.SpanKind.Append(OtlpNames.Utf8(SpanKind.Server));
                a.Add("http.request.method"u8, op.Method);
                a.Add("http.route"u8, op.Route);
                a.Keys.Append("url.path"u8);
                a.Values.Write(op.PathPrefix);
                if (op.HasId)
                {
                    a.Values.WriteInt64(_entity[i]);
                }

                a.Values.EndValue();
                a.Add("url.scheme"u8, "http"u8);
                a.Keys.Append("http.response.status_code"u8);
                a.Values.WriteInt64(_status[i]);
                a.Values.EndValue();
                a.Add("server.address"u8, service.NameUtf8);
                if (_parent[i] < 0)
                {
                    a.Add("user_agent.original"u8, rng.Pick(UserAgents));
                }

                break;
            }

            case SpanNodeType.ServerRpc:
            {
                var op = service.Operations[_op[i]];
                c.SpanName.Append(op.SpanName);
                c.SpanKind.Append(OtlpNames.Utf8(SpanKind.Server));
                a.Add("rpc.system"u8, "grpc"u8);
                a.Add("rpc.service"u8, op.RpcService);
                a.Add("rpc.method"u8, op.RpcMethod);
                a.Add("rpc.grpc.status_code"u8, _error[i] ? RpcCodes[1] : RpcCodes[0]);
                a.Add("server.address"u8, service.NameUtf8);
                break;
            }

            case SpanNodeType.ClientHttp:
            {
                var target = _catalog.Services[_target[i]];
                var op = target.Operations[_op[i]];
                c.SpanName.Append(op.SpanName);
                c.SpanKind.Append(OtlpNames.Utf8(SpanKind.Client));
                a.Add("http.request.method"u8, op.Method);
                a.Keys.Append("url.full"u8);
                a.Values.Write("http://"u8);
                a.Values.Write(target.NameUtf8);
                a.Values.Write(":8080"u8);
                a.Values.Write(op.PathPrefix);
                if (op.HasId)
                {
                    a.Values.WriteInt64(_entity[i]);
                }

                a.Values.EndValue();
                a.Add("server.address"u8, target.NameUtf8);
                a.Add("server.port"u8, "8080"u8);
                a.Keys.Append("http.response.status_code"u8);
                a.Values.WriteInt64(_status[i]);
                a.Values.EndValue();
                break;
            }

            case SpanNodeType.ClientRpc:
            {
                var target = _catalog.Services[_target[i]];
                var op = target.Operations[_op[i]];
                c.SpanName.Append(op.SpanName);
                c.SpanKind.Append(OtlpNames.Utf8(SpanKind.Client));
                a.Add("rpc.system"u8, "grpc"u8);
                a.Add("rpc.service"u8, op.RpcService);
                a.Add("rpc.method"u8, op.RpcMethod);
                a.Add("server.address"u8, target.NameUtf8);
                a.Add("server.port"u8, "50051"u8);
                a.Add("rpc.grpc.status_code"u8, _error[i] ? RpcCodes[1] : RpcCodes[0]);
                break;
            }

            case SpanNodeType.ClientDb:
            {
                var statement = service.DbStatements[_op[i]];
                c.SpanName.Append(statement.SpanName);
                c.SpanKind.Append(OtlpNames.Utf8(SpanKind.Client));
                a.Add("db.system.name"u8, service.DbSystem!);
                a.Add("db.namespace"u8, service.DbNamespace);
                a.Add("db.operation.name"u8, statement.Operation);
                a.Add("db.collection.name"u8, statement.Collection);
                a.Add("db.query.text"u8, statement.Query);
                a.Add("server.address"u8, service.DbAddress);
                a.Add("server.port"u8, service.DbPort);
                break;
            }

            case SpanNodeType.Internal:
            {
                var function = service.Functions[_op[i]];
                c.SpanName.Append(function);
                c.SpanKind.Append(OtlpNames.Utf8(SpanKind.Internal));
                a.Add("code.function.name"u8, function);
                a.Add("app.cache.hit"u8, rng.Chance(0.7) ? "true"u8 : "false"u8);
                break;
            }

            default:
            {
                c.SpanName.Append(SendNames[_op[i]]);
                c.SpanKind.Append(OtlpNames.Utf8(SpanKind.Producer));
                a.Add("messaging.system"u8, "kafka"u8);
                a.Add("messaging.destination.name"u8, Topics[_op[i]]);
                a.Add("messaging.operation.type"u8, "send"u8);
                a.Keys.Append("messaging.kafka.message.key"u8);
                a.Values.WriteInt64(rng.Next(1, 1_000_000));
                a.Values.EndValue();
                a.Add("server.address"u8, "kafka"u8);
                break;
            }
        }
    }
}
