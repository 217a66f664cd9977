namespace HaAppliance.Plugins.Email;

/// <summary>
/// Options of the <c>email</c> notifier. keepalived's global_defs map onto it:
/// notification_email → <see cref="To"/>, notification_email_from → <see cref="From"/>,
/// smtp_server HOST [PORT] → <see cref="Host"/>/<see cref="Port"/>, smtp_connect_timeout → <see cref="Timeout"/>,
/// router_id → <see cref="RouterId"/>; an instance's or sync group's smtp_alert subscribes it to this notifier.
/// </summary>
public sealed class EmailNotifierOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public EmailSecurity Security { get; set; } = EmailSecurity.StartTlsWhenAvailable;

    /// <summary>SMTP user; null: no authentication.</summary>
    public string? Username { get; set; }

    /// <summary>File holding the password (first line). Read at each send so it can be rotated; never logged.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Environment variable holding the password; never logged.</summary>
    public string? PasswordEnv { get; set; }

    public string From { get; set; } = "";

    public List<string> To { get; set; } = [];

    /// <summary>Name in the subject's brackets; null: the event's node (keepalived's router_id).</summary>
    public string? RouterId { get; set; }

    /// <summary>Scriban template file for the subject; null: templates/email/subject.sbn (embedded).</summary>
    public string? SubjectTemplate { get; set; }

    /// <summary>Scriban template file for the body; null: templates/email/body.sbn (embedded).</summary>
    public string? BodyTemplate { get; set; }

    /// <summary>Timeout of each SMTP operation (connect, command, data).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>For test servers with self-signed certificates only.</summary>
    public bool AcceptAnyCertificate { get; set; }

    /// <summary>
    /// Send the username and password (SMTP AUTH) over a connection without TLS. Off by default: then a password with
    /// <c>security: none</c> is a configuration error, and a server that does not offer STARTTLS fails the delivery.
    /// </summary>
    public bool AllowPlaintextAuth { get; set; }

    /// <summary>Throws with the offending option and value when the options cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("email: host must be set (keepalived: smtp_server).", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, $"email: port {Port} is not in 1–65535.");
        }

        if (!IsAddress(From))
        {
            throw new ArgumentException($"email: from '{From}' is not an email address (keepalived: notification_email_from).", nameof(From));
        }

        if (To.Count == 0)
        {
            throw new ArgumentException("email: at least one recipient is needed in 'to' (keepalived: notification_email).", nameof(To));
        }

        foreach (var to in To)
        {
            if (!IsAddress(to))
            {
                throw new ArgumentException($"email: recipient '{to}' is not an email address.", nameof(To));
            }
        }

        if (PasswordFile is not null && PasswordEnv is not null)
        {
            throw new ArgumentException("email: set password_file or password_env, not both.", nameof(PasswordFile));
        }

        if (Username is null && (PasswordFile is not null || PasswordEnv is not null))
        {
            throw new ArgumentException("email: a password is configured but no username.", nameof(Username));
        }

        if (Username is not null && Security == EmailSecurity.None && !AllowPlaintextAuth)
        {
            throw new ArgumentException(
                $"email: security none would send the password of user '{Username}' in plain text to {Host}:{Port}; use security starttls or tls, or set allow_plaintext_auth: true.",
                nameof(AllowPlaintextAuth));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "email: timeout must be positive.");
        }
    }

    private static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value) && MimeKit.MailboxAddress.TryParse(value, out _);
}
