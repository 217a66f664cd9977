using System.CommandLine;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// The <c>haapp</c> command lines in the README and docs (fenced code blocks, <c>$ haapp ...</c> or <c>haapp ...</c>)
/// name subcommands and options the CLI really has, so a renamed or removed option cannot linger in the docs.
/// </summary>
public sealed class DocExamplesTests
{
    private static IEnumerable<string> Documents() =>
        new[] { CheckTestSupport.Repo("README.md"), CheckTestSupport.Repo("packaging", "README.md") }
            .Concat(Directory.EnumerateFiles(CheckTestSupport.Repo("docs"), "*.md"));

    /// <summary>(file:line, the command line) for each haapp command in a fenced code block.</summary>
    private static IEnumerable<(string Where, string Line)> Examples()
    {
        foreach (var file in Documents())
        {
            var fenced = false;
            var number = 0;
            foreach (var raw in File.ReadLines(file))
            {
                number++;
                var line = raw.Trim();
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    fenced = !fenced;
                    continue;
                }

                line = line.StartsWith("$ ", StringComparison.Ordinal) ? line[2..] : line;
                // "haapp ─► Hosting" in a layering diagram is no command line: a subcommand is a lowercase word.
                if (fenced && line.StartsWith("haapp ", StringComparison.Ordinal) && line.Length > 6 && char.IsAsciiLetterLower(line[6]))
                {
                    var comment = line.IndexOf(" #", StringComparison.Ordinal);
                    yield return ($"{Path.GetRelativePath(CheckTestSupport.RepoRoot, file)}:{number}", comment < 0 ? line : line[..comment]);
                }
            }
        }
    }

    [Test]
    public void Docs_HaappExamples_UseRealSubcommandsAndOptions()
    {
        var root = new RootCommand();
        foreach (var command in Commands.All())
        {
            root.Subcommands.Add(command);
        }

        var problems = new List<string>();
        var examples = Examples().ToList();
        foreach (var (where, line) in examples)
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(t => t.Trim('[', ']')).ToList();
            Command command = root;
            var i = 0;
            while (i < tokens.Count && command.Subcommands.FirstOrDefault(c => c.Name == tokens[i] || c.Aliases.Contains(tokens[i])) is { } sub)
            {
                command = sub;
                i++;
            }

            if (command == root)
            {
                problems.Add($"{where}: '{line}': no such subcommand");
                continue;
            }

            foreach (var token in tokens.Skip(i).Where(t => t.StartsWith('-') && t.Length > 1))
            {
                var name = token.Split('=')[0];
                if (name is "-h" or "--help" or "-?")
                {
                    continue;
                }

                if (!command.Options.Any(o => o.Name == name || o.Aliases.Contains(name)))
                {
                    problems.Add($"{where}: '{line}': '{command.Name}' has no option {name}");
                }
            }
        }

        Assert.That(examples, Has.Count.GreaterThan(10), "the examples were found");
        Assert.That(problems, Is.Empty);
    }
}
