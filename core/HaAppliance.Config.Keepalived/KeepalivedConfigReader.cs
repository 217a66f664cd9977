namespace HaAppliance.Config.Keepalived;

/// <summary>
/// Reads keepalived.conf as it is (keepalived 2.x syntax: blocks, includes with globs, <c>$NAME</c>
/// definitions, <c>@id</c> conditionals) into <see cref="HaConfig"/>, with keepalived's defaults and rules.
/// Never throws on bad input: every problem is a <see cref="ConfigDiagnostic"/> with the file, line and
/// column of the keepalived file it is in (through includes). Constructs we do not support are listed
/// in <see cref="HaConfig.Unsupported"/> as well.
/// </summary>
public static class KeepalivedConfigReader
{
    public static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) Read(string path) => Read(path, new KeepalivedReaderOptions());

    public static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) Read(string path, KeepalivedReaderOptions options)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var config = new HaConfig { SourceFile = path };
            return (config, [ConfigDiagnostic.Error(new SourceLocation(path, 0, 0), $"cannot read {path}: {e.Message}")]);
        }

        return ReadText(text, path, options);
    }

    public static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) ReadText(string text, string fileName) =>
        ReadText(text, fileName, new KeepalivedReaderOptions());

    /// <summary>Reads <paramref name="text"/> as if it were the file <paramref name="fileName"/>: includes are relative to its folder.</summary>
    public static (HaConfig Config, List<ConfigDiagnostic> Diagnostics) ReadText(string text, string fileName, KeepalivedReaderOptions options)
    {
        var config = new HaConfig { SourceFile = fileName, Location = new SourceLocation(fileName, 1, 1) };
        var diagnostics = new List<ConfigDiagnostic>();
        try
        {
            string? fullPath = null;
            try
            {
                fullPath = Path.GetFullPath(fileName);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                // A name that is no path (e.g. "<stdin>"): includes are then relative to the current folder.
            }

            var preprocessor = new KeepalivedPreprocessor(diagnostics, options.EffectiveConfigId, u =>
            {
                diagnostics.Add(u);
                config.Unsupported.Add(u);
            });
            var lines = preprocessor.Run(text, fileName, fullPath);
            var statements = KeepalivedSyntax.Parse(lines, diagnostics);
            new KeepalivedMapper(config, diagnostics, options.Keywords).Map(statements);
            SortByPosition(diagnostics, preprocessor.FilesRead);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours must not take the daemon down with a stack trace: report it against the file.
            diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(fileName, 0, 0), $"internal error reading keepalived configuration: {e.GetType().Name}: {e.Message}"));
        }

        return (config, diagnostics);
    }

    /// <summary>
    /// Orders diagnostics: structure errors first (what follows may be their consequence), then as the files
    /// were read (main file, then includes), by line and column; the same finding twice is reported once.
    /// </summary>
    private static void SortByPosition(List<ConfigDiagnostic> diagnostics, List<string> filesRead)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in filesRead)
        {
            order.TryAdd(f, order.Count);
        }

        var sorted = diagnostics
            .Distinct()
            .Select((d, i) => (d, i))
            .OrderBy(x => !x.d.IsSyntax)
            .ThenBy(x => order.TryGetValue(x.d.Location.File, out var n) ? n : int.MaxValue)
            .ThenBy(x => x.d.Location.Line)
            .ThenBy(x => x.d.Location.Column)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .ToList();
        diagnostics.Clear();
        diagnostics.AddRange(sorted);
    }
}
