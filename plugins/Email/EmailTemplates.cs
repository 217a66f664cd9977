using System.Reflection;
using Scriban;
using Scriban.Runtime;

namespace HaAppliance.Plugins.Email;

/// <summary>Parses and renders the subject and body templates (embedded defaults or files named in options).</summary>
internal sealed class EmailTemplates
{
    private readonly Template _subject;
    private readonly Template _body;

    public EmailTemplates(string? subjectFile, string? bodyFile)
    {
        _subject = Parse(subjectFile, "subject.sbn");
        _body = Parse(bodyFile, "body.sbn");
    }

    public string RenderSubject(ScriptObject model) =>
        // A header must be one line: the template's trailing newline and any line breaks go.
        string.Join(' ', Render(_subject, model).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public string RenderBody(ScriptObject model) => Render(_body, model);

    private static Template Parse(string? file, string embeddedName)
    {
        string text;
        string origin;
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"Email template '{file}' does not exist.", file);
            }

            text = File.ReadAllText(file);
            origin = file;
        }
        else
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("HaAppliance.Plugins.Email.Templates." + embeddedName)
                ?? throw new InvalidOperationException($"Embedded email template {embeddedName} is missing from the plugin.");
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
            origin = "templates/email/" + embeddedName;
        }

        var template = Template.Parse(text, origin);
        if (template.HasErrors)
        {
            throw new FormatException($"Email template {origin}: {string.Join("; ", template.Messages)}");
        }

        return template;
    }

    private static string Render(Template template, ScriptObject model)
    {
        var context = new TemplateContext
        {
            // Typos must fail loudly, not render as empty strings (see ARCHITECTURE.md).
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
        };
        context.PushGlobal(model);
        return template.Render(context);
    }
}
