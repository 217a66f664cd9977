using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HaAppliance.Capture;
using SharpPcap;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp capture --read FILE [-v]</c> or <c>haapp capture -i IF [-v] [-c COUNT] [--timeout SECONDS]</c>:
/// VRRP packets of a capture file or of a live interface, printed as tcpdump prints them.
/// </summary>
internal static class CaptureCommand
{
    public static Command Create()
    {
        var read = new Option<string>("--read", "-r")
        {
            Description = "Read packets from a pcap or pcapng file.",
            HelpName = "FILE",
        };
        var iface = new Option<string>("--interface", "-i")
        {
            Description = "Capture live on this interface (needs root or CAP_NET_RAW).",
            HelpName = "IF",
        };
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Verbose, as tcpdump -v: IP header details, virtual addresses and the v2 password.",
        };
        var count = new Option<int?>("--count", "-c")
        {
            Description = "Stop after this many VRRP packets.",
            HelpName = "COUNT",
        };
        var timeout = new Option<double?>("--timeout")
        {
            Description = "Live: stop after this many seconds.",
            HelpName = "SECONDS",
        };
        var command = new Command("capture", "Show VRRP advertisements from a capture file or a live interface, in tcpdump's format, with the reason for any packet the decoder rejects.");
        command.Options.Add(read);
        command.Options.Add(iface);
        command.Options.Add(verbose);
        command.Options.Add(count);
        command.Options.Add(timeout);
        command.SetAction((parseResult, cancellation) =>
        {
            string? path = parseResult.GetValue(read);
            string? device = parseResult.GetValue(iface);
            var error = Console.Error;
            if (string.IsNullOrEmpty(path) == string.IsNullOrEmpty(device))
            {
                error.WriteLine("haapp capture: give either --read FILE or -i IF (live capture)");
                return Task.FromResult(1);
            }

            int? limit = parseResult.GetValue(count);
            if (limit is <= 0)
            {
                error.WriteLine($"haapp capture: -c {limit.Value.ToString(CultureInfo.InvariantCulture)}: the count must be at least 1");
                return Task.FromResult(1);
            }

            if (path is not null)
            {
                return Task.FromResult(Run(path, parseResult.GetValue(verbose), Console.Out, error, limit));
            }

            double? seconds = parseResult.GetValue(timeout);
            if (seconds is not null && (!double.IsFinite(seconds.Value) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2))
            {
                error.WriteLine($"haapp capture: --timeout {seconds.Value.ToString(CultureInfo.InvariantCulture)}: give a positive number of seconds");
                return Task.FromResult(1);
            }

            // Blocking libpcap reads with a short timeout: run off the invocation thread so Ctrl-C cancels promptly.
            return Task.Run(() => RunLive(device!, parseResult.GetValue(verbose), limit, seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), Console.Out, error, cancellation), CancellationToken.None);
        });
        return command;
    }

    internal static int Run(string path, bool verbose, TextWriter output, TextWriter error, int? count = null)
    {
        PcapReader? reader = PcapReader.Open(path, out string? openError);
        if (reader is null)
        {
            error.WriteLine($"haapp capture: {openError}");
            return 1;
        }

        var tally = new CaptureTally();
        // -c applies to a file as in tcpdump: the first COUNT VRRP packets.
        while ((count is null || tally.Vrrp < count) && reader.TryReadNext(out PcapRecord record))
        {
            tally.Print(record, verbose, output);
        }

        output.Flush();
        error.WriteLine($"{tally.Vrrp} VRRP packets ({tally.Invalid} rejected), {tally.Other} other packets skipped");
        if (reader.Error is not null)
        {
            error.WriteLine($"haapp capture: {reader.Error}");
            return 1;
        }

        return 0;
    }

    /// <summary>Live capture: prints each advert as it arrives; stops after <paramref name="count"/> VRRP packets, the timeout, or cancellation (Ctrl-C), then exits 0.</summary>
    internal static int RunLive(string device, bool verbose, int? count, TimeSpan? timeout, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        using LiveCapture? capture = LiveCapture.Open(device, out string? openError);
        if (capture is null)
        {
            error.WriteLine($"haapp capture: {openError}");
            return 1;
        }

        error.WriteLine($"haapp capture: listening on {capture.InterfaceName}, link-type {capture.LinkType}, filter '{LiveCapture.VrrpFilter}'");
        var tally = new CaptureTally();
        var clock = Stopwatch.StartNew();
        try
        {
            while (!cancellation.IsCancellationRequested
                   && (count is null || tally.Vrrp < count)
                   && (timeout is null || clock.Elapsed < timeout))
            {
                if (capture.TryReadNext(out PcapRecord record) && tally.Print(record, verbose, output))
                {
                    // Live: each line as soon as it is known, for a pipe as for a terminal.
                    output.Flush();
                }
            }
        }
        catch (Exception e) when (e is IOException or PcapException)
        {
            output.Flush();
            error.WriteLine($"haapp capture: {e.Message}");
            return 1;
        }

        output.Flush();
        error.WriteLine($"{tally.Vrrp} VRRP packets ({tally.Invalid} rejected), {tally.Other} other packets skipped");
        return 0;
    }
}
