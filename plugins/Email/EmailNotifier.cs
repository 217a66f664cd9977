using HaAppliance.Abstractions;
using HaAppliance.Plugins.Shared.Security;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace HaAppliance.Plugins.Email;

/// <summary>
/// Mails a state change through an SMTP server (MailKit). Throws on any failure — refused
/// connection, timeout, a 4xx/5xx reply — so the kernel's outbox retries or sets the event aside.
/// </summary>
public sealed class EmailNotifier : INotifier
{
    private readonly EmailNotifierOptions _options;
    private readonly EmailTemplates _templates;

    public EmailNotifier(EmailNotifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        SecretEnvironment.Register(options.PasswordEnv);
        _options = options;
        _templates = new EmailTemplates(options.SubjectTemplate, options.BodyTemplate);
    }

    /// <summary>Builds the message without sending it (used by NotifyAsync and to preview templates).</summary>
    public MimeMessage BuildMessage(StateChangeEvent stateChange)
    {
        ArgumentNullException.ThrowIfNull(stateChange);
        var model = EmailTemplateModel.Create(stateChange, _options.RouterId ?? stateChange.Node);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From));
        foreach (var to in _options.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = _templates.RenderSubject(model);
        message.Date = stateChange.Time;
        // Derived from the event id: a retried delivery carries the same Message-Id, so mail systems can drop the duplicate.
        message.MessageId = $"{stateChange.Id:N}@haapp";
        message.Headers.Add("X-Mailer", "HaAppliance");
        message.Body = new TextPart("plain") { Text = _templates.RenderBody(model) };
        return message;
    }

    public async Task NotifyAsync(StateChangeEvent stateChange, CancellationToken cancellationToken)
    {
        var message = BuildMessage(stateChange);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, _options.Timeout.TotalMilliseconds) };
        if (_options.AcceptAnyCertificate)
        {
            client.ServerCertificateValidationCallback = static (_, _, _, _) => true;
        }

        var security = _options.Security switch
        {
            EmailSecurity.None => SecureSocketOptions.None,
            EmailSecurity.StartTls => SecureSocketOptions.StartTls,
            EmailSecurity.Tls => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(_options.Host, _options.Port, security, cancellationToken).ConfigureAwait(false);
        if (_options.Username is { } user)
        {
            if (!client.IsSecure && !_options.AllowPlaintextAuth)
            {
                // security: starttls_when_available and the server did not offer STARTTLS.
                throw new InvalidOperationException(
                    $"email: {_options.Host}:{_options.Port} did not offer TLS; refusing to send the password of user '{user}' in plain text (set allow_plaintext_auth: true to allow it).");
            }

            await client.AuthenticateAsync(user, ReadPassword(), cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
    }

    private string ReadPassword()
    {
        if (_options.PasswordFile is { } file)
        {
            try
            {
                return (File.ReadLines(file).FirstOrDefault() ?? "").TrimEnd('\r');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The message names the file, never its content.
                throw new InvalidOperationException($"email: cannot read password_file '{file}': {ex.Message}", ex);
            }
        }

        if (_options.PasswordEnv is { } name)
        {
            return Environment.GetEnvironmentVariable(name)
                ?? throw new InvalidOperationException($"email: environment variable '{name}' (password_env) is not set.");
        }

        return "";
    }
}
