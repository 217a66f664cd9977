using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HaAppliance.Cli;

/// <summary>
/// The demo's stand-in for nginx when nginx is not installed: an HTTP listener on port 80 inside one node's
/// network namespace that answers every request with the node's name, so the client sees who served it.
/// </summary>
internal sealed class DemoWebServer : IDisposable
{
    private readonly Socket _listener;
    private readonly byte[] _response;
    private readonly CancellationTokenSource _stop = new();

    private DemoWebServer(Socket listener, string node)
    {
        _listener = listener;
        var body = node + "\n";
        _response = Encoding.ASCII.GetBytes(
            $"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
    }

    /// <summary>Listens on 0.0.0.0:80 in <paramref name="netns"/> (so also on the VIP once it is there).</summary>
    public static DemoWebServer Start(string netns, string node)
    {
        var listener = NetnsSockets.Create(netns, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(new IPEndPoint(IPAddress.Any, 80));
            s.Listen(16);
            return s;
        });
        var server = new DemoWebServer(listener, node);
        _ = server.AcceptLoopAsync();
        return server;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                // The request itself does not matter: read its head, then answer.
                var buffer = new byte[2048];
                var seen = 0;
                while (seen < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, seen).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await client.ReceiveAsync(buffer.AsMemory(seen), timeout.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    seen += n;
                }

                await client.SendAsync(_response, timeout.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>GET http://<paramref name="address"/>/ from inside <paramref name="netns"/>; the body, or null when nothing answered.</summary>
    public static string? Get(string netns, IPAddress address, TimeSpan timeout)
    {
        try
        {
            using var socket = NetnsSockets.Create(netns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            using var cts = new CancellationTokenSource(timeout);
            socket.ConnectAsync(new IPEndPoint(address, 80), cts.Token).AsTask().GetAwaiter().GetResult();
            socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {address}\r\n\r\n"), cts.Token).AsTask().GetAwaiter().GetResult();
            using var received = new MemoryStream();
            var buffer = new byte[1024];
            int n;
            while ((n = socket.ReceiveAsync(buffer, cts.Token).AsTask().GetAwaiter().GetResult()) > 0)
            {
                received.Write(buffer, 0, n);
            }

            var text = Encoding.ASCII.GetString(received.ToArray());
            var head = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return text.StartsWith("HTTP/1.", StringComparison.Ordinal) && text.Contains(" 200 ", StringComparison.Ordinal) && head >= 0
                ? text[(head + 4)..].Trim()
                : null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }
}
