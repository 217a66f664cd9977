using System.Diagnostics;
using System.Net;
using HaAppliance.Integration.Tests.Harness;
using HaAppliance.Linux.Transport;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Integration.Tests.Soak;

/// <summary>
/// A hostile VRRP sender in the client's namespace: adverts for the nodes' VRID at a priority below any node's
/// effective one, mixed with malformed ones (bad checksum, unknown version, truncated, wrong address count, an
/// authentication the nodes do not use), sent to the VRRP group through a raw socket at a paced rate.
/// </summary>
internal static class HostileFlood
{
    /// <summary>Packet shapes the flood cycles through; the first is well-formed.</summary>
    public const int Shapes = 6;

    /// <summary>Sends for <paramref name="duration"/> at about <paramref name="perSecond"/> packets a second; returns the number sent.</summary>
    public static int Send(NetNamespace client, IPAddress source, byte vrid, IPAddress vip, int perSecond, TimeSpan duration, int seed)
    {
        var group = IPAddress.Parse("224.0.0.18");
        var random = new Random(seed);
        var packets = Enumerable.Range(0, 32).Select(i => Packet(i % Shapes, source, vrid, vip, group, (byte)random.Next(1, SoakSchedule.Lowest + SoakSchedule.CheckWeight))).ToArray();
        return client.Run(() =>
        {
            using var socket = RawVrrpSocket.Open(IpFamily.IPv4);
            var ifIndex = InterfaceIndex.Of("eth0");
            var clock = Stopwatch.StartNew();
            var sent = 0;
            while (clock.Elapsed < duration)
            {
                // Paced in 10 ms slices: as many as the rate allows by now, then a short sleep.
                var due = (int)(clock.Elapsed.TotalSeconds * perSecond);
                for (; sent < due; sent++)
                {
                    socket.Send(ifIndex, group, source, packets[sent % packets.Length]);
                }

                Thread.Sleep(10);
            }

            return sent;
        });
    }

    private static byte[] Packet(int shape, IPAddress source, byte vrid, IPAddress vip, IPAddress group, byte priority)
    {
        var advert = new Advertisement(VrrpVersion.V2, vrid, priority, 100, source, [vip]);
        var buffer = new byte[VrrpEncoder.GetLength(VrrpVersion.V2, IpFamily.IPv4, 1)];
        var length = VrrpEncoder.Encode(buffer, advert, group, shape == 5
            ? new VrrpEncodeOptions { AuthType = VrrpAuthType.SimplePassword, Password = "hostile" }
            : VrrpEncodeOptions.Default);
        var packet = buffer[..length];
        switch (shape)
        {
            case 1: // checksum off by one
                packet[6] ^= 0x01;
                break;
            case 2: // version 4, type 1
                packet[0] = 0x41;
                break;
            case 3: // cut inside the address list
                packet = packet[..10];
                break;
            case 4: // claims three addresses, carries one
                packet[3] = 3;
                break;
        }

        return packet;
    }
}
