using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Net;
using System.Text;

namespace HaAppliance.Plugins.Notify.Tests.Webhook;

/// <summary>A real HTTP server on 127.0.0.1 (HttpListener) that records requests and answers with a chosen status.</summary>
internal sealed class HttpTestReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<(Func<HttpTestReceiver, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public HttpTestReceiver(Func<ReceivedRequest, int>? status = null)
    {
        Status = status ?? (_ => 200);
        Port = Email.SmtpTestServer.UnusedPort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>Chooses the status for each request (the request's Status field is not yet set).</summary>
    public Func<ReceivedRequest, int> Status { get; set; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public IEnumerable<ReceivedRequest> Accepted => Requests.Where(r => r.Status is >= 200 and < 300);

    public Task WaitUntilAsync(Func<HttpTestReceiver, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition(this))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((condition, done));
        }

        return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
        }

        _listener.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, new NameValueCollection(context.Request.Headers), body, 0);
            var status = Status(request);
            Requests.Enqueue(request with { Status = status });
            context.Response.StatusCode = status;
            context.Response.Close();
            lock (_gate)
            {
                foreach (var w in _waiters.Where(w => w.Condition(this)).ToList())
                {
                    w.Done.TrySetResult();
                    _waiters.Remove(w);
                }
            }
        }
    }
}
