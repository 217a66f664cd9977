using System.Globalization;
using System.Text;
using System.Threading.Channels;
using HaAppliance.Abstractions;
using HaAppliance.Notifications.Interop;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Notifications.Scripts;

/// <summary>
/// keepalived's notify_fifo: one line per transition, <c>INSTANCE "VI_1" MASTER 101</c> or
/// <c>GROUP "G1" BACKUP 0</c> (groups carry priority 0, as in keepalived's vrrp_notify.c). Opening a
/// FIFO blocks until a reader appears, so that happens on this writer's own thread; lines wait in a
/// bounded queue (oldest dropped first) meanwhile. The FIFO is created if it does not exist.
/// </summary>
public sealed class NotifyFifoWriter : IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;

    public NotifyFifoWriter(string path, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        _logger = logger;
        _worker = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
    }

    public string Path { get; }

    public static string FormatLine(bool group, string name, VrrpState state, int priority) =>
        string.Create(CultureInfo.InvariantCulture, $"{(group ? "GROUP" : "INSTANCE")} \"{name}\" {state.ToKeepalivedName()} {(group ? 0 : priority)}\n");

    public void Write(string line) => _lines.Writer.TryWrite(line);

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        // The worker may sit in a blocking open() with no reader; do not wait for it forever.
        // The token source is not disposed: a thread still blocked in open() may read it later.
        await Task.WhenAny(_worker, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
    }

    private void Run()
    {
        FileStream? stream = null;
        try
        {
            while (_lines.Reader.WaitToReadAsync(_stopping.Token).AsTask().GetAwaiter().GetResult())
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    try
                    {
                        stream ??= Open();
                        stream.Write(Encoding.UTF8.GetBytes(line));
                        stream.Flush();
                    }
                    catch (IOException ex)
                    {
                        // The reader went away (EPIPE): reopen for the next line.
                        NotifyLogFifo(ex.Message);
                        stream?.Dispose();
                        stream = null;
                    }
                    catch (UnauthorizedAccessException ex)
                    {
                        NotifyLogFifo(ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            stream?.Dispose();
        }
    }

    private FileStream Open()
    {
        if (!File.Exists(Path) && Libc.MkFifo(Path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"mkfifo failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }

        return new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
    }

    private void NotifyLogFifo(string error) => NotificationLog.FifoFailed(_logger, Path, error);
}
