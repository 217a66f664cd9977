
namespace HaAppliance.Config.Yaml;

/// <summary>
/// Reads the native YAML schema into <see cref="HaConfig"/>. Uses YamlDotNet's representation model so
/// every scalar keeps its line and column; reports syntax, type and unknown-key errors, all of them,
/// and leaves range and cross-reference rules to <c>ConfigValidator</c>.
/// </summary>
public static class YamlConfigReader
{
    /// <summary>How a diagnostic for a document that did not parse begins.</summary>
    public const string SyntaxErrorPrefix = YamlModelReader.SyntaxErrorPrefix;

    /// <summary>Bigger files are refused: a configuration is kilobytes, not megabytes.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    public static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) Read(string path)
    {
        var diagnostics = new List<ConfigDiagnostic>();
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(path, 1, 1), $"file is {info.Length} bytes; at most {MaxFileBytes} allowed"));
                return (new HaConfig { SourceFile = path }, diagnostics);
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(path, 0, 0), $"cannot read the file: {e.Message}"));
            return (new HaConfig { SourceFile = path }, diagnostics);
        }

        return ReadText(text, path);
    }

    public static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) ReadText(string text, string fileName)
    {
        var reader = new YamlModelReader(fileName);
        var config = reader.Read(text);
        return (config, reader.Diagnostics);
    }
}
