namespace HaAppliance.Plugins.Script;

/// <summary>
/// Settings of a <c>file</c> check (keepalived's track_file): the file holds an integer; 0 is healthy,
/// any other value is failing. A missing file is failing unless <see cref="InitFile"/> creates it.
/// </summary>
public sealed class FileCheckOptions
{
    /// <summary>The file to read.</summary>
    public string Path { get; set; } = "";

    /// <summary>keepalived's init_file: create the file with <see cref="InitValue"/> when it is missing.</summary>
    public bool InitFile { get; set; }

    /// <summary>The value written by <see cref="InitFile"/> (default 0, healthy).</summary>
    public int InitValue { get; set; }
}
