using System.Globalization;
using System.Net.Sockets;

namespace HaAppliance.Hosting;

/// <summary>
/// One daemon per state folder: an exclusive lock (flock, through <see cref="FileShare.None"/>) on
/// <c>haapp.lock</c> in the folder, held for the daemon's life, and the holder's pid in <c>haapp.pid</c> beside it
/// (a locked file cannot be read by another process). The kernel drops the lock when the holder exits, however it
/// exits, so a crashed daemon never blocks the next start.
/// </summary>
internal sealed class StateFolderLock : IDisposable
{
    /// <summary>The lock file's name in the state folder.</summary>
    public const string LockFile = "haapp.lock";

    /// <summary>The holder's pid file's name in the state folder.</summary>
    public const string PidFile = "haapp.pid";

    private readonly FileStream _lock;
    private readonly string _pidPath;

    private StateFolderLock(FileStream @lock, string pidPath)
    {
        _lock = @lock;
        _pidPath = pidPath;
    }

    /// <summary>
    /// Takes the folder's lock; null with <paramref name="error"/> (one line naming the folder and the holder's pid)
    /// when another process holds it.
    /// </summary>
    public static StateFolderLock? TryTake(string folder, out string? error)
    {
        var full = Path.GetFullPath(folder);
        var pidPath = Path.Combine(full, PidFile);
        FileStream stream;
        try
        {
            stream = new FileStream(Path.Combine(full, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var pid = File.Exists(pidPath) ? File.ReadAllText(pidPath).Trim() : "";
            error = $"state folder {full} is in use by another haapp daemon (pid {(pid.Length == 0 ? "unknown" : pid)}); one daemon per state folder (--state-dir)";
            return null;
        }

        File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        error = null;
        return new StateFolderLock(stream, pidPath);
    }

    /// <summary>
    /// Null when nothing answers on <paramref name="path"/> (no file, or a stale socket of a daemon that is gone);
    /// otherwise one line saying that a daemon is serving it.
    /// </summary>
    public static string? LiveControlSocket(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            return null;
        }

        return $"control socket {Path.GetFullPath(path)} is served by another haapp daemon; one daemon per control socket (--control-socket)";
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_pidPath);
        }
        catch (IOException)
        {
            // The folder may be gone; the lock goes with the descriptor either way.
        }

        _lock.Dispose();
    }
}
