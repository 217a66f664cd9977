using System.Net.Sockets;
using System.Text;

namespace HaAppliance.Linux;

/// <summary>Sends one command to a running daemon's control socket and returns its answer.</summary>
public static class ControlClient
{
    public static async Task<string> SendAsync(string path, string command, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"no daemon is listening on {path} (is `haapp run` running, with the same --control-socket?)");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
