namespace HaAppliance.Notifications.Scripts;

/// <summary>Outcome of one script run.</summary>
public readonly record struct ScriptResult(int ExitCode, bool TimedOut, int ProcessId);
