namespace HaAppliance.Plugins.Tests.Support;

/// <summary>A root-owned temporary folder (mode 0755) deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("ha-test-").FullName;
        File.SetUnixFileMode(Path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    public string Path { get; }

    public string Script(string name, string body)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("755", 8));
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
