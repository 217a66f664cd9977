namespace HaAppliance.Config;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>One finding about a configuration, printed as <c>FILE:LINE:COL: error: message</c>.</summary>
public sealed record ConfigDiagnostic(SourceLocation Location, DiagnosticSeverity Severity, string Message)
{
    public static ConfigDiagnostic Error(SourceLocation where, string message) => new(where, DiagnosticSeverity.Error, message);

    public static ConfigDiagnostic Warning(SourceLocation where, string message) => new(where, DiagnosticSeverity.Warning, message);

    public override string ToString() =>
        $"{Location}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")}: {Message}";
}
