using System.Net.Sockets;
using System.Text;

namespace HaAppliance.Linux;

/// <summary>
/// The daemon's control socket (a Unix domain socket): one command line in, the answer out, then close.
/// <c>haapp status</c> and <c>haapp reload</c> talk to it. Its path is an option so several daemons
/// (one per network namespace) can run on one machine.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly string _path;
    private readonly Func<string, Task<string>> _handler;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _accepting;

    public ControlServer(string path, Func<string, Task<string>> handler)
    {
        _path = path;
        _handler = handler;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            File.Delete(path); // a stale socket from a crashed run
        }

        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        _listener.Listen(8);
        _accepting = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_cts.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_cts.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        await using (var stream = new NetworkStream(client, ownsSocket: false))
        {
            try
            {
                using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
                var line = await reader.ReadLineAsync(_cts.Token).ConfigureAwait(false) ?? "";
                var answer = await _handler(line.Trim()).ConfigureAwait(false);
                var bytes = Encoding.UTF8.GetBytes(answer.EndsWith('\n') ? answer : answer + "\n");
                await stream.WriteAsync(bytes, _cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
        }

        _cts.Dispose();
    }
}
