using System.Globalization;
using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Script;

/// <summary>
/// keepalived's track_file: reads an integer from a file an operator or another program writes.
/// 0 is healthy; non-zero, unreadable or non-numeric is failing. (keepalived multiplies the value by the
/// weight; here the value only decides healthy or failing and the tracker's weight applies as for any check.)
/// </summary>
internal sealed class FileCheck : IHealthCheck
{
    private readonly FileCheckOptions _options;

    public FileCheck(FileCheckOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("'path' is required");
        }

        _options = options;
        if ((options.InitFile || options.InitValue is not null) && (options.InitFileOverwrite || !File.Exists(options.Path)))
        {
            File.WriteAllText(options.Path, (options.InitValue ?? 0).ToString(CultureInfo.InvariantCulture) + "\n");
        }
    }

    public async Task<HealthResult> CheckAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(_options.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return HealthResult.Fail($"{_options.Path} missing");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthResult.Fail($"cannot read {_options.Path}: {ex.Message}");
        }

        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            // keepalived treats an empty file as 0.
            return HealthResult.Ok("value 0 (empty)");
        }

        if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            return HealthResult.Fail($"{_options.Path} holds '{(trimmed.Length > 40 ? trimmed[..40] : trimmed)}', not an integer");
        }

        return value == 0
            ? HealthResult.Ok("value 0")
            : HealthResult.Fail(string.Create(CultureInfo.InvariantCulture, $"value {value}"));
    }
}
