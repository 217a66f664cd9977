using Microsoft.Extensions.Logging;

namespace HaAppliance.Notifications;

/// <summary>Source-generated log lines of the notification part (event ids 4000–4099).</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(4000, LogLevel.Debug, "Notification {EventId} for ({Instance}) delivered to {Target} after {Attempts} attempt(s)")]
    public static partial void Delivered(ILogger logger, Guid eventId, string instance, string target, int attempts);

    [LoggerMessage(4001, LogLevel.Warning, "Notification {EventId} for ({Instance}) to {Target}: attempt {Attempt} failed: {Error}")]
    public static partial void AttemptFailed(ILogger logger, Guid eventId, string instance, string target, int attempt, string error);

    [LoggerMessage(4002, LogLevel.Error, "Notification {EventId} for ({Instance}) to {Target} set aside in the dead-letter file after {Attempts} attempt(s): {Error}")]
    public static partial void DeadLettered(ILogger logger, Guid eventId, string instance, string target, int attempts, string error);

    [LoggerMessage(4003, LogLevel.Error, "Notification queue full: state change {EventId} of ({Instance}) dropped")]
    public static partial void IngestFull(ILogger logger, Guid eventId, string instance);

    [LoggerMessage(4004, LogLevel.Information, "Notification target {Target}: {Count} event(s) pending from before the restart")]
    public static partial void PendingRecovered(ILogger logger, string target, int count);

    [LoggerMessage(4005, LogLevel.Error, "Notification outbox for {Target} could not store event {EventId}: {Error}")]
    public static partial void OutboxWriteFailed(ILogger logger, string target, Guid eventId, string error);

    [LoggerMessage(4006, LogLevel.Error, "Notification target {Target}: outbox holds {Count} events (limit); event {EventId} set aside")]
    public static partial void OutboxFull(ILogger logger, string target, int count, Guid eventId);

    [LoggerMessage(4007, LogLevel.Warning, "Notification {EventId}: unknown target {Target} ignored")]
    public static partial void UnknownTarget(ILogger logger, Guid eventId, string target);

    [LoggerMessage(4008, LogLevel.Error, "Notification target {Target} worker failed: {Error}")]
    public static partial void WorkerFailed(ILogger logger, string target, string error);

    [LoggerMessage(4009, LogLevel.Warning, "Notification target {Target}: dead-letter file over {Limit} bytes; the {Dropped} oldest dead letter(s) dropped ({Total} dropped so far)")]
    public static partial void DeadLettersDropped(ILogger logger, string target, int dropped, long limit, long total);

    [LoggerMessage(4010, LogLevel.Information, "({Instance}) executing notify script '{Script}'")]
    public static partial void ScriptStarting(ILogger logger, string instance, string script);

    [LoggerMessage(4011, LogLevel.Warning, "({Instance}) notify script '{Script}' exited with status {ExitCode}")]
    public static partial void ScriptFailed(ILogger logger, string instance, string script, int exitCode);

    [LoggerMessage(4012, LogLevel.Warning, "({Instance}) notify script '{Script}' timed out after {Timeout}; process group {Pid} killed")]
    public static partial void ScriptTimedOut(ILogger logger, string instance, string script, TimeSpan timeout, int pid);

    [LoggerMessage(4013, LogLevel.Error, "({Instance}) notify script '{Script}' could not be started: {Error}")]
    public static partial void ScriptStartFailed(ILogger logger, string instance, string script, string error);

    [LoggerMessage(4014, LogLevel.Error, "({Instance}) notify queue full: {State} notification dropped")]
    public static partial void ScriptQueueFull(ILogger logger, string instance, string state);

    [LoggerMessage(4015, LogLevel.Warning, "notify_fifo {Path}: {Error}")]
    public static partial void FifoFailed(ILogger logger, string path, string error);

    [LoggerMessage(4016, LogLevel.Error, "({Instance}) notify script '{Script}' refused (enable_script_security): {Problem}")]
    public static partial void ScriptRefused(ILogger logger, string instance, string script, string problem);
}
