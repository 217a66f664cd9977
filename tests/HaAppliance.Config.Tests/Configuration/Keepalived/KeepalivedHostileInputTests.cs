using System.Text;
using HaAppliance.Config;
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
    public void ReadText_NestedMultilineDefinitions_StopAtBudgetWithOneErrorNamingTheDefinition()
    {
        // Each level uses the one below 10 times: $L6 alone would expand to 10^6 lines.
        var sb = new StringBuilder("$L0=\\\n192.0.2.1\n\n");
        for (var level = 1; level <= 6; level++)
        {
            sb.Append($"$L{level}=\\\n");
            for (var i = 0; i < 10; i++)
            {
                sb.Append($"$L{level - 1}{(i < 9 ? " \\" : "")}\n");
            }

            sb.Append('\n');
        }

        sb.Append("vrrp_instance A {\n virtual_ipaddress {\n$L6\n }\n}\n");
        var lineOfUse = sb.ToString().Split('\n').ToList().IndexOf("$L6") + 1;

        var (_, diagnostics) = KeepalivedConfigReader.ReadText(sb.ToString(), "defs.conf");

        var budget = diagnostics.Where(d => d.Message.Contains("in total", StringComparison.Ordinal)).ToList();
        Assert.That(budget, Has.Count.EqualTo(1), string.Join('\n', diagnostics.Take(5)));
        Assert.That(budget[0].Location.Line, Is.EqualTo(lineOfUse));
        Assert.That(budget[0].Message, Does.Contain("$L"));
    }

    [Test]
    public void Read_IncludeFanOut_StopsAtBudgetWithOneError()
    {
        var dir = Directory.CreateTempSubdirectory("haapp-fanout-").FullName;
        try
        {
            for (var i = 0; i < 40; i++)
            {
                File.WriteAllText(Path.Combine(dir, $"f{i:D2}.conf"), "! nothing\n# more\n");
            }

            // Each file is included 40 times by each of 40 lines: 1,600 includes of small files.
            File.WriteAllText(Path.Combine(dir, "keepalived.conf"), string.Concat(Enumerable.Repeat("include f*.conf\n", 40)));

            var (_, diagnostics) = KeepalivedConfigReader.Read(Path.Combine(dir, "keepalived.conf"));

            var budget = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
            Assert.That(budget.Message, Does.Contain("included files in total"));
            Assert.That(budget.Message, Does.Contain("include 'f*.conf'"));
            Assert.That(budget.Location.Line, Is.EqualTo(26));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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
