using System.Globalization;
using System.Text.Json;
using HaAppliance.Abstractions;
using Scriban;
using Scriban.Runtime;

namespace HaAppliance.Plugins.Webhook;

/// <summary>Builds the request body: the default JSON document or a Scriban template.</summary>
internal sealed class WebhookPayload
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly Template? _template;

    public WebhookPayload(string? templateFile)
    {
        if (templateFile is null)
        {
            return;
        }

        _template = Template.Parse(File.ReadAllText(templateFile), templateFile);
        if (_template.HasErrors)
        {
            throw new FormatException($"webhook: template {templateFile}: {string.Join("; ", _template.Messages)}");
        }
    }

    public string Render(StateChangeEvent e, string node)
    {
        if (_template is null)
        {
            return JsonSerializer.Serialize(
                new DefaultBody(e.Id, e.Time, node, e.Instance, e.SyncGroup, e.OldState.ToKeepalivedName(), e.NewState.ToKeepalivedName(), e.Priority, e.Reason, e.VirtualAddresses),
                JsonOptions);
        }

        var model = new ScriptObject
        {
            ["id"] = e.Id.ToString(),
            ["time"] = e.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["node"] = node,
            ["instance"] = e.Instance,
            ["sync_group"] = e.SyncGroup,
            ["old_state"] = e.OldState.ToKeepalivedName(),
            ["new_state"] = e.NewState.ToKeepalivedName(),
            ["priority"] = e.Priority,
            ["reason"] = e.Reason,
            ["vips"] = new ScriptArray(e.VirtualAddresses),
        };
        // json: encodes any value as a JSON literal, so templates never hand-escape quotes or newlines.
        model.Import("json", new Func<object?, string>(static v => JsonSerializer.Serialize(v)));
        var context = new TemplateContext { StrictVariables = true, EnableRelaxedMemberAccess = false };
        context.PushGlobal(model);
        return _template.Render(context);
    }

    private sealed record DefaultBody(
        Guid Id,
        DateTimeOffset Time,
        string Node,
        string Instance,
        string? SyncGroup,
        string OldState,
        string NewState,
        int Priority,
        string Reason,
        IReadOnlyList<string> Vips);
}
