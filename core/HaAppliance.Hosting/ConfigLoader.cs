using HaAppliance.Config.Validation;
using HaAppliance.Config.Yaml;
using HaAppliance.Templates;

namespace HaAppliance.Hosting;

/// <summary>
/// The one entry point the CLI and the daemon use to get a validated configuration. Dispatches on the file:
/// <c>.yaml</c>/<c>.yml</c> → native YAML; <c>.sbn</c>/<c>.scriban</c> or a site given → render, then YAML;
/// anything else → keepalived.conf.
/// </summary>
public static class ConfigLoader
{
    public static bool IsTemplate(string path) =>
        path.EndsWith(".sbn", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".scriban", StringComparison.OrdinalIgnoreCase);

    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <param name="path">The configuration file or template.</param>
    /// <param name="site">For templates: a site file path or a name under etc/sites/.</param>
    /// <param name="validator">Plugin type names to accept; null: <see cref="ConfigValidator.BuiltIn"/>.</param>
    /// <param name="overrides">Site values to override (<c>--var key=value</c>).</param>
    /// <param name="renderedName">Name that diagnostics in rendered output carry (e.g. the <c>-o</c> file).</param>
    /// <param name="keepalivedKeywords">
    /// For keepalived.conf: where tracker blocks' plugin settings go (<see cref="Plugins.PluginCatalog.KeepalivedKeywords"/>);
    /// null: the built-in names.
    /// </param>
    public static ConfigLoadResult Load(
        string path,
        string? site = null,
        ConfigValidator? validator = null,
        IReadOnlyDictionary<string, string>? overrides = null,
        string? renderedName = null,
        HaAppliance.Config.Keepalived.KeepalivedKeywordMap? keepalivedKeywords = null)
    {
        validator ??= ConfigValidator.BuiltIn;
        if (!File.Exists(path))
        {
            return new ConfigLoadResult(null, [ConfigDiagnostic.Error(new SourceLocation(path, 0, 0), "no such file")]);
        }

        if (IsTemplate(path) || site is not null)
        {
            return LoadTemplate(path, site, validator, overrides, renderedName);
        }

        if (IsYaml(path))
        {
            var (config, diagnostics) = YamlConfigReader.Read(path);
            return Finish(config, diagnostics, validator);
        }

        var (kaConfig, kaDiagnostics) = HaAppliance.Config.Keepalived.KeepalivedConfigReader.Read(
            path, new HaAppliance.Config.Keepalived.KeepalivedReaderOptions { Keywords = keepalivedKeywords ?? HaAppliance.Config.Keepalived.KeepalivedKeywordMap.BuiltIn });
        return Finish(kaConfig, kaDiagnostics, validator);
    }

    /// <summary>Reads YAML text (e.g. the embedded default configuration) as if it were the file <paramref name="fileName"/>.</summary>
    public static ConfigLoadResult LoadYamlText(string text, string fileName, ConfigValidator? validator = null)
    {
        var (config, diagnostics) = YamlConfigReader.ReadText(text, fileName);
        return Finish(config, diagnostics, validator ?? ConfigValidator.BuiltIn);
    }

    private static ConfigLoadResult LoadTemplate(string path, string? site, ConfigValidator validator, IReadOnlyDictionary<string, string>? overrides, string? renderedName)
    {
        if (site is null)
        {
            return new ConfigLoadResult(null, [ConfigDiagnostic.Error(new SourceLocation(path, 1, 1), "a template needs a site: pass --site NAME or --site FILE")]);
        }

        if (SiteLocator.Resolve(site, path, out var siteError) is not { } sitePath)
        {
            return new ConfigLoadResult(null, [ConfigDiagnostic.Error(new SourceLocation(site, 0, 0), siteError!)]);
        }

        var rendered = SiteTemplateRenderer.Render(path, sitePath, overrides);
        if (!rendered.Ok)
        {
            return new ConfigLoadResult(null, rendered.Diagnostics);
        }

        var siteName = Path.GetFileNameWithoutExtension(sitePath);
        return LoadRendered(rendered.Output!, renderedName ?? RenderedName(path, siteName), path, siteName, validator);
    }

    /// <summary>The name diagnostics in rendered output carry when it is not written to a file.</summary>
    public static string RenderedName(string templatePath, string siteName) => $"{templatePath}[{siteName}]";

    /// <summary>
    /// Reads and validates the output of a template. Errors point at the rendered line (in
    /// <paramref name="renderedName"/>) and say which template and site produced it.
    /// </summary>
    public static ConfigLoadResult LoadRendered(string renderedText, string renderedName, string templatePath, string siteName, ConfigValidator? validator = null)
    {
        var (config, diagnostics) = YamlConfigReader.ReadText(renderedText, renderedName);
        var result = Finish(config, diagnostics, validator ?? ConfigValidator.BuiltIn);
        // Nobody sees the rendered file: each finding quotes the rendered line it is about.
        var lines = renderedText.Split('\n');
        string Suffix(ConfigDiagnostic d) =>
            d.Location.File == renderedName && d.Location.Line >= 1 && d.Location.Line <= lines.Length
                ? $" (in the output of template {templatePath} with site {siteName}; rendered line {d.Location.Line}: {RenderedLine(lines[d.Location.Line - 1])})"
                : $" (in the output of template {templatePath} with site {siteName})";
        return new ConfigLoadResult(result.Config, [.. result.Diagnostics.Select(d => d with { Message = d.Message + Suffix(d) })])
        {
            RenderedText = renderedText,
        };
    }

    /// <summary>A rendered line for a message: trimmed, shortened, and with a secret's value (auth_pass: ...) left out.</summary>
    private static string RenderedLine(string line)
    {
        var text = line.Trim().TrimEnd('\r');
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && SecretKeys.IsSecret(text[..colon].TrimStart('-', ' ')))
        {
            text = text[..(colon + 1)] + " (value not shown)";
        }

        return text.Length > 120 ? $"'{text[..117]}...'" : $"'{text}'";
    }

    private static ConfigLoadResult Finish(HaConfig config, List<ConfigDiagnostic> diagnostics, ConfigValidator validator)
    {
        var all = new List<ConfigDiagnostic>(diagnostics);
        // A document that did not parse gives an empty model; validating it would only add noise.
        if (!diagnostics.Any(d => d.Message.StartsWith(YamlConfigReader.SyntaxErrorPrefix, StringComparison.Ordinal)))
        {
            // A value the reader could not take left the default behind; the validator's complaint about that
            // default ("'virtual_router_id' is 0") would only repeat the reader's error at the same place.
            var readerErrorAt = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Location).ToHashSet();
            // The validator also reports the reader's unsupported constructs (for models built elsewhere); once is enough.
            var reported = diagnostics.ToHashSet();
            all.AddRange(validator.Validate(config).Where(d => !readerErrorAt.Contains(d.Location) && !reported.Contains(d)));
        }

        // Structure errors first (later findings may follow from them), then source order: the reader's and the
        // validator's findings read as one list, top to bottom, each once.
        var ordered = all.Distinct().OrderBy(d => !d.IsSyntax).ThenBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();
        return new ConfigLoadResult(config, ordered);
    }
}
