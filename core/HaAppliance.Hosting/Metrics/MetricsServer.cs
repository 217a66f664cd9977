using System.Net;
using System.Net.Sockets;
using System.Text;
using Prometheus;

namespace HaAppliance.Hosting.Metrics;

/// <summary>
/// Serves <c>GET /metrics</c> in the Prometheus text format on one TCP endpoint: a deliberately tiny HTTP/1.1 server
/// (one request per connection) so the daemon needs neither ASP.NET Core nor HttpListener's URL reservations, and
/// port 0 works (tests).
/// </summary>
internal sealed class MetricsServer : IAsyncDisposable
{
    private const int MaxRequestHeader = 8192;
    private readonly TcpListener _listener;
    private readonly CollectorRegistry _registry;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _accepting;

    public MetricsServer(IPEndPoint endpoint, CollectorRegistry registry)
    {
        _registry = registry;
        _listener = new TcpListener(endpoint);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Where it listens (the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    private async Task AcceptAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var stream = client.GetStream();
            var requestLine = await ReadRequestLineAsync(stream, timeout.Token).ConfigureAwait(false);
            var parts = requestLine?.Split(' ') ?? [];
            if (parts.Length < 2 || parts[0] != "GET")
            {
                await RespondAsync(stream, "405 Method Not Allowed", "text/plain", Encoding.ASCII.GetBytes("GET /metrics\n"), timeout.Token).ConfigureAwait(false);
                return;
            }

            var path = parts[1].Split('?', 2)[0];
            if (path != "/metrics")
            {
                await RespondAsync(stream, "404 Not Found", "text/plain", Encoding.ASCII.GetBytes("see /metrics\n"), timeout.Token).ConfigureAwait(false);
                return;
            }

            using var body = new MemoryStream();
            await _registry.CollectAndExportAsTextAsync(body, timeout.Token).ConfigureAwait(false);
            await RespondAsync(stream, "200 OK", "text/plain; version=0.0.4; charset=utf-8", body.ToArray(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
        {
            // The scraper went away, or the loop did not answer in time: this scrape fails, the next one tries again.
        }
    }

    private static async Task<string?> ReadRequestLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        // Read the whole header (up to its blank line) so the client sees a clean close, and keep the first line.
        var buffer = new byte[MaxRequestHeader];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            length += n;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var text = Encoding.ASCII.GetString(buffer, 0, length);
        var end = text.IndexOf("\r\n", StringComparison.Ordinal);
        return end < 0 ? null : text[..end];
    }

    private static async Task RespondAsync(NetworkStream stream, string status, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        var header = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(header), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _cts.Dispose();
    }
}
