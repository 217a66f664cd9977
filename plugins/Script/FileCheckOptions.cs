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

    /// <summary>The value the file is created with (default 0, healthy); setting it implies <see cref="InitFile"/>.</summary>
    public int? InitValue { get; set; }

    /// <summary>keepalived's <c>init_file VALUE overwrite</c>: write the value at start even when the file exists.</summary>
    public bool InitFileOverwrite { get; set; }
}
