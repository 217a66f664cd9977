using HaAppliance.Abstractions;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Kernel;

/// <summary>The event loop's log lines. The phrases are keepalived's, so operators' runbooks keep working.</summary>
internal static partial class EngineLog
{
    /// <summary>One of keepalived's phrases (see <see cref="KeepalivedPhrases"/>).</summary>
    [LoggerMessage(1000, LogLevel.Information, "{Phrase}")]
    public static partial void Phrase(ILogger log, string phrase);

    [LoggerMessage(1006, LogLevel.Error, "({Instance}) {Plugin}: {Operation} failed: {Message}; retrying")]
    public static partial void VipOperationFailed(ILogger log, string instance, string plugin, string operation, string message, Exception? exception);

    [LoggerMessage(1007, LogLevel.Debug, "({Instance}) dropped advert from {Source}: {Reason}")]
    public static partial void AdvertRejected(ILogger log, string instance, string source, string reason);

    [LoggerMessage(1008, LogLevel.Warning, "({Instance}) cannot send advert: {Message}")]
    public static partial void SendFailed(ILogger log, string instance, string message);

    [LoggerMessage(1009, LogLevel.Information, "Reload: {Change}")]
    public static partial void ReloadChange(ILogger log, string change);

    [LoggerMessage(1011, LogLevel.Information, "Netlink reports interface {Interface} {State}")]
    public static partial void LinkChanged(ILogger log, string @interface, string state);

    [LoggerMessage(1012, LogLevel.Error, "({Instance}) event loop error: {Message}")]
    public static partial void LoopError(ILogger log, string instance, string message, Exception exception);

    [LoggerMessage(1015, LogLevel.Error, "({Instance}) {Plugin} failed: {Message}")]
    public static partial void PluginFailed(ILogger log, string instance, string plugin, string message, Exception exception);

    [LoggerMessage(1016, LogLevel.Warning, "VIP removal at shutdown not complete after {Seconds} s; stopping anyway")]
    public static partial void ShutdownDrainIncomplete(ILogger log, double seconds);

    [LoggerMessage(1013, LogLevel.Critical, "receiving VRRP packets failed: {Message}")]
    public static partial void ReceiveFailed(ILogger log, string message, Exception exception);

    [LoggerMessage(1017, LogLevel.Warning, "({Instance}) advert from {Source} carries other VIPs than ours, accepted for the election (config drift?): theirs [{Theirs}], ours [{Ours}]")]
    public static partial void AddressListDiffers(ILogger log, string instance, string source, string theirs, string ours);

    [LoggerMessage(1014, LogLevel.Debug, "advert from {Source} for vrid {Vrid} on ifindex {IfIndex}: no instance of ours")]
    public static partial void NoInstance(ILogger log, string source, byte vrid, int ifIndex);

    [LoggerMessage(1017, LogLevel.Information, "VRRP_Group({Group}) {From} -> {To}, caused by {Member}: {Reason}")]
    public static partial void GroupTransition(ILogger log, string group, VrrpState from, VrrpState to, string member, string reason);
}
