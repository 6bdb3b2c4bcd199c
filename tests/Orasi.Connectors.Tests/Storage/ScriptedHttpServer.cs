using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orasi.Connectors.Tests.Storage;

/// <summary>
/// A loopback HTTP server that answers request number N (from 0) with a scripted raw response, or drops the
/// connection when the script returns null. Counts requests so tests can see how often a client retried.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, string, string?> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public ScriptedHttpServer(Func<int, string, string?> script)
    {
        _script = script;
        _listener.Start();
        Endpoint = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string Endpoint { get; }

    public int Requests => Volatile.Read(ref _requests);

    public static string Response(int status, string reason, string body = "", string contentType = "application/xml", string extraHeaders = "") =>
        $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n" +
        $"x-amz-request-id: test\r\nConnection: close\r\n{extraHeaders}\r\n{body}";

    public static string Error(int status, string reason, string code) =>
        Response(status, reason, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{code}</Message><RequestId>test</RequestId></Error>");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                if (head is null)
                {
                    return;
                }

                var index = Interlocked.Increment(ref _requests) - 1;
                var requestLine = head.Split("\r\n")[0];
                if (head.Contains("expect: 100-continue", StringComparison.OrdinalIgnoreCase))
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n"));
                }

                var length = head.Split("\r\n")
                    .Where(l => l.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => long.Parse(l["content-length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                    .FirstOrDefault();
                var buffer = new byte[8192];
                while (length > 0)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)));
                    if (n == 0)
                    {
                        break;
                    }

                    length -= n;
                }

                var response = _script(index, requestLine);
                if (response is not null)
                {
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(response));
                    await stream.FlushAsync();
                }
                else
                {
                    client.Client.LingerState = new LingerOption(true, 0); // reset the connection
                }
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one);
            if (n == 0)
            {
                return null;
            }

            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray());
            }
        }
    }
}
