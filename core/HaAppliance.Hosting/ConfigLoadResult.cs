namespace HaAppliance.Hosting;

/// <summary>What <see cref="ConfigLoader"/> found: the model (when it could be read) and every diagnostic.</summary>
public sealed record ConfigLoadResult(HaConfig? Config, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    /// <summary>A model was read and nothing is an error (warnings allowed).</summary>
    public bool Ok => Config is not null && !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<ConfigDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The rendered text when the source was a Scriban template.</summary>
    public string? RenderedText { get; init; }
}
