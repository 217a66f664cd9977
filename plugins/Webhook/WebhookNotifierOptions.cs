namespace HaAppliance.Plugins.Webhook;

/// <summary>Options of the <c>webhook</c> notifier.</summary>
public sealed class WebhookNotifierOptions
{
    /// <summary>http or https URL the event is POSTed to.</summary>
    public string Url { get; set; } = "";

    /// <summary>Extra request headers (e.g. <c>Authorization</c>).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Shared secret for the HMAC-SHA256 signature; prefer <see cref="SecretFile"/> or <see cref="SecretEnv"/>.</summary>
    public string? Secret { get; set; }

    public string? SecretFile { get; set; }

    public string? SecretEnv { get; set; }

    /// <summary>Header carrying <c>sha256=&lt;hex HMAC of the body&gt;</c> when a secret is set.</summary>
    public string SignatureHeader { get; set; } = "X-HaApp-Signature";

    /// <summary>Header carrying the event id, identical on every retry, so receivers can drop duplicates.</summary>
    public string IdempotencyHeader { get; set; } = "Idempotency-Key";

    /// <summary>Scriban template file for the body (see templates/webhook/); null: the default JSON document.</summary>
    public string? BodyTemplate { get; set; }

    public string ContentType { get; set; } = "application/json";

    /// <summary>Name reported as the node; null: the event's node.</summary>
    public string? RouterId { get; set; }

    /// <summary>Timeout of one request (the kernel's per-attempt timeout applies as well).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws with the offending option and value when the options cannot work.</summary>
    public void Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // The value is not shown: webhook URLs often carry their token in the path (Slack, Teams).
            throw new ArgumentException($"webhook: url ({Url?.Length ?? 0} characters, not shown) is not an absolute http or https URL.", nameof(Url));
        }

        var secrets = (Secret is null ? 0 : 1) + (SecretFile is null ? 0 : 1) + (SecretEnv is null ? 0 : 1);
        if (secrets > 1)
        {
            throw new ArgumentException("webhook: set only one of secret, secret_file and secret_env.", nameof(Secret));
        }

        if (string.IsNullOrWhiteSpace(SignatureHeader) || string.IsNullOrWhiteSpace(IdempotencyHeader))
        {
            throw new ArgumentException("webhook: signature_header and idempotency_header must not be empty.", nameof(SignatureHeader));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "webhook: timeout must be positive.");
        }

        if (BodyTemplate is not null && !File.Exists(BodyTemplate))
        {
            throw new FileNotFoundException($"webhook: body_template '{BodyTemplate}' does not exist.", BodyTemplate);
        }
    }
}
