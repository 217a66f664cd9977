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

    /// <summary>An error in the file's structure (braces, quotes): reported before what depends on the structure.</summary>
    public static ConfigDiagnostic SyntaxError(SourceLocation where, string message) => new(where, DiagnosticSeverity.Error, message) { IsSyntax = true };

    /// <summary>True for an error in the file's structure; lists show these first, since later findings may follow from them.</summary>
    public bool IsSyntax { get; init; }

    public override string ToString() =>
        $"{Location}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")}: {Message}";
}
