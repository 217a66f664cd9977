using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.IpCommand;

/// <summary>
/// The <c>ip</c> VIP backend: runs <c>ip addr add/del</c> with command lines rendered from site-editable templates.
/// Arguments go straight to the program (no shell); every value is checked to be a single harmless word first.
/// </summary>
public sealed class IpCommandVipBackend : IVipBackend
{
    public const string AddTemplate = "addr-add.sbn";
    public const string DeleteTemplate = "addr-del.sbn";
    public const string ShowTemplate = "addr-show.sbn";

    private readonly IpCommandOptions _options;
    private readonly CommandTemplate _add;
    private readonly CommandTemplate _delete;
    private readonly CommandTemplate _show;

    public IpCommandVipBackend(IpCommandOptions? options = null)
    {
        _options = options ?? new IpCommandOptions();
        var directory = _options.TemplateDirectory ?? DefaultTemplateDirectory;
        _add = CommandTemplate.Load(Path.Combine(directory, AddTemplate));
        _delete = CommandTemplate.Load(Path.Combine(directory, DeleteTemplate));
        _show = CommandTemplate.Load(Path.Combine(directory, ShowTemplate));
    }

    /// <summary>The templates shipped beside the plugin assembly.</summary>
    public static string DefaultTemplateDirectory =>
        Path.Combine(Path.GetDirectoryName(typeof(IpCommandVipBackend).Assembly.Location) ?? AppContext.BaseDirectory, "templates", "ip");

    /// <summary>The arguments <paramref name="template"/> renders for <paramref name="vip"/> (program first).</summary>
    internal IReadOnlyList<string> Render(string template, VipAddress vip) => template switch
    {
        AddTemplate => _add.Render(Variables(vip)),
        DeleteTemplate => _delete.Render(Variables(vip)),
        ShowTemplate => _show.Render(Variables(vip)),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "unknown template"),
    };

    public async Task AddAsync(VipAddress vip, CancellationToken cancellationToken) =>
        await RunAsync(_add.Render(Variables(vip)), cancellationToken).ConfigureAwait(false);

    public async Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken) =>
        await RunAsync(_delete.Render(Variables(vip)), cancellationToken).ConfigureAwait(false);

    public async Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        var output = await RunAsync(_show.Render(Variables(vip)), cancellationToken).ConfigureAwait(false);
        // `ip -o addr show` lines: "2: eth0    inet 192.0.2.100/24 brd ... scope global eth0 ..."
        var wanted = vip.Address.ToString();
        foreach (var line in output.Split('\n'))
        {
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i + 1 < words.Length; i++)
            {
                if (words[i] is "inet" or "inet6" && words[i + 1].Split('/')[0] == wanted)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private Dictionary<string, object?> Variables(VipAddress vip)
    {
        var v6 = vip.Address.AddressFamily == AddressFamily.InterNetworkV6;
        var maxPrefix = v6 ? 128 : 32;
        var prefix = vip.PrefixLength <= 0 ? maxPrefix : vip.PrefixLength;
        if (prefix > maxPrefix)
        {
            throw new ArgumentException($"Invalid prefix length {vip.PrefixLength} for {vip.Address}: at most {maxPrefix}.", nameof(vip));
        }
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["ip"] = Word("ip_path", _options.IpPath),
            ["netns"] = OptionalWord("netns", _options.Netns),
            ["family"] = v6 ? "inet6" : "inet",
            ["address"] = vip.Address.ToString(),
            ["prefix"] = prefix,
            ["device"] = Word("device", vip.Device),
            ["label"] = OptionalWord("label", vip.Label),
            ["scope"] = OptionalWord("scope", vip.Scope),
            ["broadcast"] = vip.Broadcast?.ToString(),
        };
    }

    private static string? OptionalWord(string what, string? value) => string.IsNullOrEmpty(value) ? null : Word(what, value);

    /// <summary>A value must stay one argument: no whitespace, quotes or control characters, and no leading dash.</summary>
    private static string Word(string what, string value)
    {
        if (string.IsNullOrEmpty(value) || value.StartsWith('-') || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '`' or '$' or ';'))
        {
            throw new ArgumentException($"Invalid {what} '{value}': it must be one word without spaces, quotes or a leading '-'.", what);
        }
        return value;
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var commandLine = string.Join(' ', arguments);
        var start = new ProcessStartInfo(arguments[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IpCommandException(commandLine, "could not start the process");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IpCommandException(commandLine, $"could not start '{arguments[0]}': {e.Message}", e);
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                throw new IpCommandException(commandLine, $"did not finish within {_options.Timeout.TotalSeconds:0.###} s and was killed");
            }
            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new IpCommandException(commandLine, process.ExitCode, error);
            }
            return output;
        }
    }
}
