using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace HaAppliance.Plugins.Tests.Http;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 the test drives: each connection's request is recorded and
/// answered by the test's handler, which can be slow, fail, or send any status and body. Optional TLS.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ReceivedRequest, CancellationToken, Task<(int Status, string Body)>> _handler;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LoopbackHttpServer(Func<ReceivedRequest, CancellationToken, Task<(int Status, string Body)>> handler, X509Certificate2? certificate = null)
    {
        _handler = handler;
        _certificate = certificate;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url(string path = "/health") => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}{path}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(_certificate);
                    stream = ssl;
                }

                var request = await ReadRequestAsync(stream, (IPEndPoint)client.Client.RemoteEndPoint!);
                Requests.Enqueue(request);
                var (status, body) = await _handler(request, _stop.Token);
                byte[] content = Encoding.UTF8.GetBytes(body);
                string head = $"HTTP/1.1 {status} X\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                if (request.Method != "HEAD")
                {
                    await stream.WriteAsync(content);
                }

                await stream.FlushAsync();
            }
            catch (Exception)
            {
                // The client gave up (timeouts, TLS refusal): that is what some tests provoke.
            }
        }
    }

    private static async Task<ReceivedRequest> ReadRequestAsync(Stream stream, IPEndPoint remote)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            text.Append((char)one[0]);
        }

        var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new ReceivedRequest(requestLine[0], requestLine[1], headers, remote);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
