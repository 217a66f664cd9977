namespace HaAppliance.Tests.Support;

/// <summary>A fresh temporary folder (mode 0755, so scripts in it may run as another user), deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <param name="prefix">Start of the folder's name under the temporary directory, to tell whose it is.</param>
    public TempFolder(string prefix = "ha-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(Path, Executable);
        }
    }

    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a <c>/bin/sh</c> script (mode 0755) and returns its path.</summary>
    public string Script(string name, string body)
    {
        var file = File(name);
        System.IO.File.WriteAllText(file, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(file, Executable);
        }

        return file;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
