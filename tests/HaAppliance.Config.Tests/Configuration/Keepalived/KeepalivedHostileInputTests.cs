using System.Text;
using HaAppliance.Config.Keepalived;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>Hostile or broken input yields diagnostics, never an exception or a hang.</summary>
public sealed class KeepalivedHostileInputTests
{
    [TestCase("")]
    [TestCase("{")]
    [TestCase("}}}}")]
    [TestCase("\"")]
    [TestCase("$")]
    [TestCase("${")]
    [TestCase("@")]
    [TestCase("@^")]
    [TestCase("include")]
    [TestCase("include /")]
    [TestCase("include /proc/self/fd/*")]
    [TestCase("include [z-a]")]
    [TestCase("vrrp_instance x { virtual_ipaddress { / } }")]
    [TestCase("vrrp_instance x { virtual_ipaddress { 1.2.3.4/ } }")]
    [TestCase("vrrp_instance x { virtual_ipaddress { ::/129 dev } }")]
    [TestCase("vrrp_instance x { advert_int 99999999999999999999999999999999 }")]
    [TestCase("vrrp_instance x { priority -0 }")]
    [TestCase("vrrp_instance x { track_interface { eth0 weight } }")]
    [TestCase("global_defs { smtp_server }")]
    [TestCase("$A=${A}${A}\n$B=$A$A$A$A\nglobal_defs { router_id $B }")]
    [TestCase("$M=\\\n$M\n$M")]
    public void ReadText_MalformedInput_ReturnsWithoutThrowing(string text)
    {
        Assert.DoesNotThrow(() => KeepalivedConfigReader.ReadText(text, "hostile.conf"));
    }

    [Test]
    public void ReadText_DeepNesting_ReportsErrorWithoutStackOverflow()
    {
        var text = string.Concat(Enumerable.Repeat("a {\n", 100_000));

        var (_, diagnostics) = KeepalivedConfigReader.ReadText(text, "deep.conf");

        Assert.That(diagnostics.Any(d => d.Message.Contains("nest deeper", StringComparison.Ordinal)), Is.True, string.Join('\n', diagnostics.Take(5)));
    }

    [Test]
    public void ReadText_RandomBytes_NeverThrow()
    {
        var random = new Random(20261125);
        const string alphabet = "{}\"'$@!#\\ \t\n=abc_1.:/*?[]-~^";
        for (var round = 0; round < 2000; round++)
        {
            var sb = new StringBuilder();
            var length = random.Next(0, 200);
            for (var i = 0; i < length; i++)
            {
                sb.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var text = sb.ToString();
            Assert.DoesNotThrow(() => KeepalivedConfigReader.ReadText(text, "random.conf"), text);
        }
    }

    [Test]
    public void ReadText_RandomMutationsOfGoodFile_NeverThrow()
    {
        var good = File.ReadAllText(KeepalivedCorpus.File("good", "full.conf"));
        var random = new Random(5798);
        for (var round = 0; round < 300; round++)
        {
            var chars = good.ToCharArray();
            for (var k = 0; k < 10; k++)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 128);
            }

            var text = new string(chars);
            Assert.DoesNotThrow(() => KeepalivedConfigReader.ReadText(text, "mutated.conf"), text);
        }
    }
}
