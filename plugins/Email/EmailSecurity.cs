namespace HaAppliance.Plugins.Email;

/// <summary>Transport security towards the SMTP server.</summary>
public enum EmailSecurity
{
    /// <summary>Plain SMTP (keepalived's only mode).</summary>
    None,

    /// <summary>Use STARTTLS if the server offers it, plain otherwise.</summary>
    StartTlsWhenAvailable,

    /// <summary>Require STARTTLS (submission, port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, port 465).</summary>
    Tls,
}
