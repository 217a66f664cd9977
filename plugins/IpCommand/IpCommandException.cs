namespace HaAppliance.Plugins.IpCommand;

/// <summary>An ip command failed: carries the command line, its exit code and what it wrote to stderr.</summary>
public sealed class IpCommandException : IOException
{
    public IpCommandException(string commandLine, int exitCode, string standardError)
        : base($"'{commandLine}' failed with exit code {exitCode}: {(string.IsNullOrWhiteSpace(standardError) ? "(no message)" : standardError.Trim())}")
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    public IpCommandException(string commandLine, string message, Exception? inner = null)
        : base($"'{commandLine}': {message}", inner)
    {
        CommandLine = commandLine;
        ExitCode = -1;
        StandardError = "";
    }

    public string CommandLine { get; }

    public int ExitCode { get; }

    public string StandardError { get; }
}
