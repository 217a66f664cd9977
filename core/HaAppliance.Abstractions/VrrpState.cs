using System.Text.Json.Serialization;

namespace HaAppliance.Abstractions;

/// <summary>
/// The states a VRRP instance (or a sync group) reports, as keepalived's notify scripts, notify_fifo and
/// SMTP alerts name them: <c>MASTER</c>, <c>BACKUP</c>, <c>FAULT</c> and <c>STOP</c>. RFC 9568's Initialize
/// (before startup and after shutdown) is reported as <see cref="Stop"/>, as keepalived does; there is no
/// separate INIT. <see cref="VrrpStateNames.ToKeepalivedName"/> gives the upper-case word; in JSON (journal,
/// outbox, webhook bodies) the state is that word too.
/// </summary>
[JsonConverter(typeof(VrrpStateJsonConverter))]
public enum VrrpState
{
    /// <summary>Not taking part in the protocol: before startup or after shutdown (RFC 9568 Initialize). <c>STOP</c>.</summary>
    Stop = 0,

    /// <summary>RFC 9568 §6.4.2: monitoring the Master, ready to take over. <c>BACKUP</c>.</summary>
    Backup = 1,

    /// <summary>RFC 9568 §6.4.3: owns the virtual addresses and advertises. <c>MASTER</c>.</summary>
    Master = 2,

    /// <summary>keepalived's FAULT: a tracker of weight 0 is failing; neither advertises nor takes over. <c>FAULT</c>.</summary>
    Fault = 3,
}
