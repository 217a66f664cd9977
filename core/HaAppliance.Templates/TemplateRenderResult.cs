using HaAppliance.Config;

namespace HaAppliance.Templates;

/// <summary>The rendered text of a site template, or the diagnostics that stopped it.</summary>
public sealed record TemplateRenderResult(string? Output, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    public bool Ok => Output is not null && !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
