using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Capture;

/// <summary>Formats frames for <c>haapp capture</c> (file and live alike) and counts what they were.</summary>
public sealed class CaptureTally
{
    /// <summary>VRRP packets printed, rejected ones included.</summary>
    public int Vrrp { get; private set; }

    /// <summary>VRRP packets the decoder rejected (printed with the reason in brackets).</summary>
    public int Invalid { get; private set; }

    /// <summary>Frames that were not VRRP (skipped).</summary>
    public int Other { get; private set; }

    /// <summary>Writes the frame's line when it carries VRRP; false for any other frame.</summary>
    public bool Print(PcapRecord record, bool verbose, TextWriter output)
    {
        if (!VrrpCaptureFormatter.TryFormat(record, verbose, out string line, out VrrpRejectReason reason))
        {
            Other++;
            return false;
        }

        Vrrp++;
        if (reason != VrrpRejectReason.None)
        {
            Invalid++;
        }

        output.WriteLine(line);
        return true;
    }
}
