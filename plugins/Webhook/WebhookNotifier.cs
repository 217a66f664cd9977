using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using HaAppliance.Abstractions;
using HaAppliance.Plugins.Shared.Security;

namespace HaAppliance.Plugins.Webhook;

/// <summary>
/// POSTs a state change to a URL. The body is signed (HMAC-SHA256 over the exact bytes sent) when a
/// secret is configured, and carries the event id as an idempotency key: the kernel delivers at
/// least once, so receivers use it to drop duplicates. A non-2xx status throws, and the kernel retries.
/// </summary>
public sealed class WebhookNotifier : INotifier, IDisposable
{
    private readonly WebhookNotifierOptions _options;
    private readonly WebhookPayload _payload;
    private readonly HttpClient _http;

    public WebhookNotifier(WebhookNotifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        SecretEnvironment.Register(options.SecretEnv);
        _options = options;
        _payload = new WebhookPayload(options.BodyTemplate);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = options.Timeout,
        };
    }

    /// <summary>The body for an event, as it would be sent.</summary>
    public string RenderBody(StateChangeEvent stateChange) => _payload.Render(stateChange, _options.RouterId ?? stateChange.Node);

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task NotifyAsync(StateChangeEvent stateChange, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(RenderBody(stateChange));
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(_options.ContentType);
        request.Headers.TryAddWithoutValidation(_options.IdempotencyHeader, stateChange.Id.ToString());
        foreach (var (name, value) in _options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (ReadSecret() is { } secret)
        {
            request.Headers.TryAddWithoutValidation(_options.SignatureHeader, Sign(body, secret));
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // Scheme, host and port only: the path and query often carry the hook's token.
            throw new HttpRequestException($"webhook {new Uri(_options.Url).GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }

    public void Dispose() => _http.Dispose();

    private string? ReadSecret()
    {
        if (_options.Secret is { } secret)
        {
            return secret;
        }

        if (_options.SecretFile is { } file)
        {
            try
            {
                return (File.ReadLines(file).FirstOrDefault() ?? "").TrimEnd('\r');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"webhook: cannot read secret_file '{file}': {ex.Message}", ex);
            }
        }

        if (_options.SecretEnv is { } name)
        {
            return Environment.GetEnvironmentVariable(name)
                ?? throw new InvalidOperationException($"webhook: environment variable '{name}' (secret_env) is not set.");
        }

        return null;
    }
}
