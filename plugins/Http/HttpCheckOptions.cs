namespace HaAppliance.Plugins.Http;

/// <summary>Settings of an <c>http</c> check.</summary>
public sealed class HttpCheckOptions
{
    /// <summary>The URL to request (http or https).</summary>
    public string Url { get; set; } = "";

    /// <summary><c>GET</c> (default) or <c>HEAD</c>.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>Healthy status codes: single codes or ranges (<c>200</c>, <c>200-299</c>); default 200-299.</summary>
    public List<string> ExpectStatus { get; set; } = [];

    /// <summary>A regular expression the body must match (GET only; the first 1 MiB is read).</summary>
    public string? BodyRegex { get; set; }

    /// <summary>Verify the server's TLS certificate (default on).</summary>
    public bool VerifyTls { get; set; } = true;

    /// <summary>Time allowed to establish the connection (including TLS); default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time allowed for the whole request and response; default 5 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Host header to send instead of the URL's host (virtual hosts behind a VIP).</summary>
    public string? Host { get; set; }

    /// <summary>Local address to connect from (keepalived's bindto).</summary>
    public string? SourceAddress { get; set; }

    /// <summary>Extra request headers.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];
}
