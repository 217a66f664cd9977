using HaAppliance.Config;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace HaAppliance.Templates;

/// <summary>
/// Renders an appliance config template (templates/*.sbn) with a site's values (etc/sites/*.yaml).
/// Strict: an undefined variable or member is an error at the template's FILE:LINE:COL, never an empty string.
/// </summary>
public static class SiteTemplateRenderer
{
    /// <summary>Renders <paramref name="templatePath"/> with the values of <paramref name="sitePath"/>;
    /// <paramref name="overrides"/> (<c>--var key=value</c>) replace top-level site values.</summary>
    public static TemplateRenderResult Render(string templatePath, string sitePath, IReadOnlyDictionary<string, string>? overrides = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(templatePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TemplateRenderResult(null, [ConfigDiagnostic.Error(new SourceLocation(templatePath, 0, 0), $"cannot read the template: {e.Message}")]);
        }

        var (values, diagnostics) = SiteValues.Load(sitePath, out var siteKeys);
        if (values is null)
        {
            return new TemplateRenderResult(null, diagnostics);
        }

        values.SetValue("site_name", Path.GetFileNameWithoutExtension(sitePath), readOnly: false);
        if (overrides is not null)
        {
            foreach (var (k, v) in overrides)
            {
                values.SetValue(k, v, readOnly: false);
            }
        }

        var result = RenderText(text, templatePath, values, new SiteKeys(sitePath, siteKeys));
        return diagnostics.Count == 0 ? result : new TemplateRenderResult(result.Output, [.. diagnostics, .. result.Diagnostics]);
    }

    public static TemplateRenderResult RenderText(string templateText, string templateName, ScriptObject values) =>
        RenderText(templateText, templateName, values, null);

    /// <summary>The site file and its keys, so that a name the template misses is explained against the site.</summary>
    public sealed record SiteKeys(string SitePath, IReadOnlyDictionary<string, SourceLocation> Keys);

    public static TemplateRenderResult RenderText(string templateText, string templateName, ScriptObject values, SiteKeys? site)
    {
        var template = Template.Parse(templateText, templateName);
        if (template.HasErrors)
        {
            return new TemplateRenderResult(null,
                [.. template.Messages.Select(m => ConfigDiagnostic.Error(Loc(m.Span, templateName), $"template: {m.Message}"))]);
        }

        var functions = new ScriptObject();
        // error "text": lets a template refuse a site that lacks something, at the template's own line.
        functions.Import("error", new Action<string>(message => throw new TemplateErrorException(message)));

        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = 10_000,
            RecursiveLimit = 64,
            LimitToString = 1_000_000,
            MemberRenamer = member => member.Name,
        };
        context.PushGlobal(functions);
        context.PushGlobal(values);
        try
        {
            var output = template.Render(context);
            return new TemplateRenderResult(output, []);
        }
        catch (ScriptRuntimeException e)
        {
            var message = e.InnerException is TemplateErrorException t ? t.Message : Explain(e.OriginalMessage, values, site);
            return new TemplateRenderResult(null, [ConfigDiagnostic.Error(Loc(e.Span, templateName), $"template: {message}")]);
        }
    }

    /// <summary>
    /// Scriban says "The variable or function `x` was not found"; we say which site file lacks it and which of
    /// its keys was probably meant ("advert_intervall" for "advert_int", or the other way round).
    /// </summary>
    private static string Explain(string message, ScriptObject values, SiteKeys? site)
    {
        // "The variable or function `x` was not found" or, for a member, "Cannot get member with name x."
        var match = System.Text.RegularExpressions.Regex.Match(message, "`([^`]+)` was not found|^Cannot get member with name ([^ ]+?)\\.?$");
        if (site is null || !match.Success)
        {
            return message;
        }

        var name = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
        var candidates = site.Keys.Keys.Concat(values.Keys).Distinct(StringComparer.Ordinal).ToList();
        var suggestion = DidYouMean.Suggest(name, candidates)
            ?? (candidates.Where(c => c.Length >= DidYouMean.MinPrefixLength + 1 && name.StartsWith(c, StringComparison.OrdinalIgnoreCase)).ToList() is [var only] ? only : null);
        var hint = suggestion is null
            ? ""
            : site.Keys.TryGetValue(suggestion, out var at)
                ? $"; did you mean '{suggestion}' ({at})?"
                : $"; did you mean '{suggestion}'?";
        return $"'{name}' is not defined: no key '{name}' in the site file {site.SitePath}{hint} ({message})";
    }

    /// <summary>Scriban positions are 0-based; ours, like compilers', are 1-based.</summary>
    private static SourceLocation Loc(SourceSpan span, string fallbackFile) =>
        new(string.IsNullOrEmpty(span.FileName) ? fallbackFile : span.FileName, span.Start.Line + 1, span.Start.Column + 1);
}
