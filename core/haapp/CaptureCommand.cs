using System.CommandLine;
using HaAppliance.Kernel.Capture;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Cli;

/// <summary><c>haapp capture --read FILE [-v]</c>: VRRP packets of a capture file, printed as tcpdump prints them.</summary>
internal static class CaptureCommand
{
    public static Command Create()
    {
        var read = new Option<string>("--read", "-r")
        {
            Description = "Read packets from a pcap or pcapng file.",
            HelpName = "FILE",
        };
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Verbose, as tcpdump -v: IP header details, virtual addresses and the v2 password.",
        };
        var command = new Command("capture", "Show VRRP advertisements from a capture file, in tcpdump's format, with the reason for any packet the decoder rejects.");
        command.Options.Add(read);
        command.Options.Add(verbose);
        command.SetAction(parseResult =>
        {
            string? path = parseResult.GetValue(read);
            if (string.IsNullOrEmpty(path))
            {
                // Live capture (-i IF) comes later, through SharpPcap.
                Console.Error.WriteLine("haapp capture: --read FILE is required (live capture is not available yet)");
                return 1;
            }

            return Run(path, parseResult.GetValue(verbose), Console.Out, Console.Error);
        });
        return command;
    }

    internal static int Run(string path, bool verbose, TextWriter output, TextWriter error)
    {
        PcapReader? reader = PcapReader.Open(path, out string? openError);
        if (reader is null)
        {
            error.WriteLine($"haapp capture: {openError}");
            return 1;
        }

        int vrrp = 0, invalid = 0, other = 0;
        while (reader.TryReadNext(out PcapRecord record))
        {
            if (!VrrpCaptureFormatter.TryFormat(record, verbose, out string line, out VrrpRejectReason reason))
            {
                other++;
                continue;
            }

            vrrp++;
            if (reason != VrrpRejectReason.None)
            {
                invalid++;
            }

            output.WriteLine(line);
        }

        output.Flush();
        error.WriteLine($"{vrrp} VRRP packets ({invalid} rejected), {other} other packets skipped");
        if (reader.Error is not null)
        {
            error.WriteLine($"haapp capture: {reader.Error}");
            return 1;
        }

        return 0;
    }
}
