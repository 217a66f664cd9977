using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Http;

/// <summary>
/// Requests a URL and checks the status code and optionally the body. One connection pool per check,
/// bound to the configured source address; TLS verification can be turned off for self-signed backends.
/// </summary>
internal sealed class HttpCheck : IHealthCheck, IDisposable
{
    private const int MaxBodyBytes = 1 << 20;

    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly HttpMethod _method;
    private readonly StatusRanges _expect;
    private readonly Regex? _body;
    private readonly HttpCheckOptions _options;

    public HttpCheck(HttpCheckOptions options)
    {
        _options = options;
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'url' must be an absolute http or https URL, not '{options.Url}'");
        }

        _url = url;
        _method = options.Method.ToUpperInvariant() switch
        {
            "GET" => HttpMethod.Get,
            "HEAD" => HttpMethod.Head,
            _ => throw new ArgumentException($"'method' must be GET or HEAD, not '{options.Method}'"),
        };
        _expect = new StatusRanges(options.ExpectStatus);
        _body = options.BodyRegex is null ? null : new Regex(options.BodyRegex, RegexOptions.None, TimeSpan.FromSeconds(1));
        if (options.ConnectTimeout <= TimeSpan.Zero || options.ResponseTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("'connect_timeout' and 'response_timeout' must be positive");
        }

        IPAddress? source = null;
        if (options.SourceAddress is not null && !IPAddress.TryParse(options.SourceAddress, out source))
        {
            throw new ArgumentException($"'source_address' is not an IP address: '{options.SourceAddress}'");
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, source, ct),
        };
        if (!options.VerifyTls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        _client = new HttpClient(handler) { Timeout = options.ResponseTimeout };
    }

    public async Task<HealthResult> CheckAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(_method, _url);
        if (_options.Host is not null)
        {
            request.Headers.Host = _options.Host;
        }

        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (!_expect.Contains(status))
            {
                return HealthResult.Fail(string.Create(CultureInfo.InvariantCulture, $"HTTP {status} (expected {_expect})"));
            }

            if (_body is not null && _method == HttpMethod.Get)
            {
                string body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
                if (!_body.IsMatch(body))
                {
                    return HealthResult.Fail(string.Create(CultureInfo.InvariantCulture, $"HTTP {status} but body does not match /{_body}/"));
                }
            }

            return HealthResult.Ok(string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, or the connect timeout surfacing as a cancellation.
            return HealthResult.Fail($"no response within {_options.ResponseTimeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException ex)
        {
            return HealthResult.Fail(ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message);
        }
        catch (RegexMatchTimeoutException)
        {
            return HealthResult.Fail("body regex timed out");
        }
    }

    public void Dispose() => _client.Dispose();

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBodyBytes];
            int total = 0;
            int n;
            while (total < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += n;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, IPAddress? source, CancellationToken cancellationToken)
    {
        var socket = source is null
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            if (source is not null)
            {
                // keepalived's bindto: the check leaves from this address (e.g. a VIP, or a dedicated health network).
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
