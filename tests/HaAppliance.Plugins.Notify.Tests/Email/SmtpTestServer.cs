using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace HaAppliance.Plugins.Notify.Tests.Email;

/// <summary>
/// A small real SMTP server on 127.0.0.1 (RFC 5321 subset: EHLO/HELO, AUTH PLAIN, MAIL, RCPT,
/// DATA, RSET, NOOP, QUIT), enough for MailKit to deliver to it over a real socket.
/// </summary>
internal sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<TcpClient> _clients = [];

    public SmtpTestServer(SmtpBehaviour behaviour = SmtpBehaviour.Accept, int port = 0)
    {
        Behaviour = behaviour;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public SmtpBehaviour Behaviour { get; set; }

    /// <summary>Speak TLS from the first byte (SMTPS).</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>Offer STARTTLS in the EHLO reply.</summary>
    public bool OfferStartTls { get; init; }

    /// <summary>True once a session ran over TLS.</summary>
    public bool SawTls { get; private set; }

    private static readonly Lazy<X509Certificate2> Certificate = new(CreateCertificate);

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Re-import from PKCS#12 so SslStream on Linux can use the private key.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    private TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task WaitForMessagesAsync(int count)
    {
        while (Messages.Count < count)
        {
            var t = Volatile.Read(ref _received).Task;
            if (Messages.Count >= count)
            {
                break;
            }

            await t.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>A port that refuses connections: bound then released.</summary>
    public static int UnusedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = Task.Run(() => SessionAsync(client));
        }
    }

    private async Task<Stream> StartTlsAsync(Stream inner)
    {
        var ssl = new SslStream(inner);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate.Value }, _stop.Token);
        SawTls = true;
        return ssl;
    }

    private async Task SessionAsync(TcpClient client)
    {
        try
        {
            using var _ = client;
            Stream stream = client.GetStream();
            if (ImplicitTls)
            {
                stream = await StartTlsAsync(stream);
            }

            var reader = new StreamReader(stream, Encoding.ASCII);
            var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            if (Behaviour == SmtpBehaviour.Silent)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            await writer.WriteLineAsync("220 localhost ESMTP test");
            string? from = null;
            string? auth = null;
            var rcpt = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        if (OfferStartTls && stream is not SslStream)
                        {
                            await writer.WriteLineAsync("250-STARTTLS");
                        }

                        await writer.WriteLineAsync("250-AUTH PLAIN");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "AUTH":
                        var parts = line.Split(' ');
                        if (parts.Length >= 3)
                        {
                            auth = Encoding.UTF8.GetString(Convert.FromBase64String(parts[2]));
                        }
                        else
                        {
                            await writer.WriteLineAsync("334 ");
                            auth = Encoding.UTF8.GetString(Convert.FromBase64String((await reader.ReadLineAsync(_stop.Token))!));
                        }

                        await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                        break;
                    case "MAIL":
                        from = line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0].Trim('<', '>');
                        rcpt.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        if (Behaviour == SmtpBehaviour.Reject)
                        {
                            await writer.WriteLineAsync("550 5.1.1 Mailbox unavailable");
                            break;
                        }

                        rcpt.Add(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0].Trim('<', '>'));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } d && d != ".")
                        {
                            data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append('\n');
                        }

                        Messages.Enqueue(new ReceivedMail(from ?? "", rcpt.ToList(), data.ToString(), auth));
                        Interlocked.Exchange(ref _received, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "STARTTLS":
                        await writer.WriteLineAsync("220 Ready to start TLS");
                        stream = await StartTlsAsync(stream);
                        reader = new StreamReader(stream, Encoding.ASCII);
                        writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                        break;
                    case "RSET":
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception)
        {
            // client went away or the server stopped
        }
    }
}
