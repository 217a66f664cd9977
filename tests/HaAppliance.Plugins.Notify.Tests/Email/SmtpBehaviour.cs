namespace HaAppliance.Plugins.Notify.Tests.Email;

/// <summary>How the loopback SMTP server behaves.</summary>
internal enum SmtpBehaviour
{
    Accept,
    /// <summary>Answers RCPT TO with 550.</summary>
    Reject,
    /// <summary>Accepts the connection but never sends its greeting.</summary>
    Silent,
}
