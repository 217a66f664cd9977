using System.CommandLine;
using HaAppliance.Config;
using HaAppliance.Templates;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp render TEMPLATE --site SITE [-o OUT] [--var KEY=VALUE]</c>: renders a site template strictly
/// (an undefined name is an error at the template's FILE:LINE:COL) and validates the result before
/// writing it. An invalid result is not written to OUT but to OUT.rejected, which the errors point at.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var template = new Argument<string>("template") { Description = "Scriban template, e.g. templates/web-pair.yaml.sbn." };
        var site = new Option<string>("--site", "-s") { Description = "Site values: a file, or a name in etc/sites/.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Write the configuration here instead of standard output." };
        var vars = new Option<string[]>("--var") { Description = "Override a site value: KEY=VALUE (repeatable)." };
        var command = new Command("render", "Render a site template and validate the result.")
        {
            template, site, output, vars,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            if (!CheckCommand.TryParseVariables(parse.GetValue(vars), out var overrides, out var bad))
            {
                stderr.WriteLine($"haapp render: --var '{bad}' is not KEY=VALUE");
                return 2;
            }

            var templatePath = parse.GetValue(template)!;
            var siteArg = parse.GetValue(site)!;
            var outPath = parse.GetValue(output);
            if (SiteLocator.Resolve(siteArg, templatePath, out var siteError) is not { } sitePath)
            {
                stderr.WriteLine($"haapp render: {siteError}");
                return 1;
            }

            var rendered = SiteTemplateRenderer.Render(templatePath, sitePath, overrides);
            if (!rendered.Ok)
            {
                foreach (var d in rendered.Diagnostics)
                {
                    stderr.WriteLine(d.ToString());
                }

                return 1;
            }

            var siteName = Path.GetFileNameWithoutExtension(sitePath);
            var rejected = outPath is null ? null : outPath + ".rejected";
            var name = rejected ?? ConfigLoader.RenderedName(templatePath, siteName);
            var result = ConfigLoader.LoadRendered(rendered.Output!, name, templatePath, siteName);
            foreach (var d in result.Diagnostics)
            {
                var shown = result.Ok && outPath is not null ? d with { Location = d.Location with { File = outPath } } : d;
                stderr.WriteLine(shown.ToString());
            }

            if (!result.Ok)
            {
                if (rejected is not null)
                {
                    File.WriteAllText(rejected, rendered.Output);
                    stderr.WriteLine($"haapp render: the output is not a valid configuration; kept in {rejected} for inspection, {outPath} not written");
                }
                else
                {
                    stderr.WriteLine("haapp render: the output is not a valid configuration");
                }

                return 1;
            }

            if (outPath is null)
            {
                stdout.Write(rendered.Output);
            }
            else
            {
                File.WriteAllText(outPath, rendered.Output);
                CheckCommand.WriteSummary(stdout, outPath, result.Config!);
            }

            return 0;
        });
        return command;
    }
}
