using Scriban;
using Scriban.Runtime;

namespace HaAppliance.Plugins.IpCommand;

/// <summary>
/// One Scriban template that renders a command line. Strict: an unknown variable is an error naming the template's
/// file, line and column, never an empty string. The rendered line is split on whitespace into arguments (no shell).
/// </summary>
internal sealed class CommandTemplate
{
    private readonly Template _template;

    private CommandTemplate(string path, Template template)
    {
        Path = path;
        _template = template;
    }

    public string Path { get; }

    public static CommandTemplate Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ip command template not found: {path}", path);
        }
        var template = Template.Parse(File.ReadAllText(path), path);
        if (template.HasErrors)
        {
            throw new InvalidDataException($"Invalid ip command template: {string.Join("; ", template.Messages.Select(m => m.ToString()))}");
        }
        return new CommandTemplate(path, template);
    }

    /// <summary>Renders with <paramref name="variables"/> and returns the arguments, the program first.</summary>
    public IReadOnlyList<string> Render(IReadOnlyDictionary<string, object?> variables)
    {
        var globals = new ScriptObject();
        foreach (var (name, value) in variables)
        {
            globals.Add(name, value);
        }
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = 100,
            RecursiveLimit = 10,
        };
        context.PushGlobal(globals);
        string text;
        try
        {
            text = _template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException e)
        {
            throw new InvalidDataException($"ip command template {Path}: {e.Message}", e);
        }
        var arguments = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (arguments.Length == 0)
        {
            throw new InvalidDataException($"ip command template {Path} rendered an empty command line.");
        }
        return arguments;
    }
}
