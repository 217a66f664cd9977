using System.Net;
using System.Text.Json;

namespace HaAppliance.Integration.Tests.Harness;

/// <summary>
/// A real HTTP listener inside a test namespace that takes the webhook notifier's POSTs and keeps the event ids in
/// arrival order (its socket is created on a thread that entered the namespace). Answers 204 to each.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly NetNamespace _ns;
    private readonly HttpListener _listener;
    private readonly List<Guid> _received = [];
    private readonly Task _serving;

    private WebhookReceiver(NetNamespace ns, HttpListener listener)
    {
        _ns = ns;
        _listener = listener;
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Listens on <c>http://ADDRESS:PORT/</c> inside <paramref name="ns"/>.</summary>
    public static WebhookReceiver Start(NetNamespace ns, string address, int port) => new(ns, ns.Run(() =>
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://{address}:{port}/");
        listener.Start();
        return listener;
    }));

    /// <summary>The ids received so far, in arrival order (duplicates kept: retries are allowed to repeat).</summary>
    public IReadOnlyList<Guid> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToList();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            try
            {
                using var doc = await JsonDocument.ParseAsync(ctx.Request.InputStream);
                lock (_received)
                {
                    _received.Add(doc.RootElement.GetProperty("id").GetGuid());
                }

                ctx.Response.StatusCode = 204;
            }
            catch (JsonException)
            {
                ctx.Response.StatusCode = 400;
            }

            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        // Closing looks the endpoint up again by address: only possible inside the namespace.
        _ns.Run(() =>
        {
            _listener.Stop();
            _listener.Close();
        });
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
