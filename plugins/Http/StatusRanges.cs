using System.Globalization;

namespace HaAppliance.Plugins.Http;

/// <summary>A set of HTTP status codes written as codes and ranges (<c>200</c>, <c>300-399</c>).</summary>
internal sealed class StatusRanges
{
    private readonly List<(int From, int To)> _ranges = [];

    public StatusRanges(IEnumerable<string> specs)
    {
        foreach (var spec in specs.SelectMany(s => s.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = spec.Split('-');
            if (parts.Length is < 1 or > 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int from)
                || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int to)
                || from < 100 || to > 599 || from > to)
            {
                throw new ArgumentException($"'expect_status': '{spec}' is not a status code (100-599) or range (200-299)");
            }

            _ranges.Add((from, to));
        }

        if (_ranges.Count == 0)
        {
            _ranges.Add((200, 299));
        }
    }

    public bool Contains(int status) => _ranges.Any(r => status >= r.From && status <= r.To);

    public override string ToString() => string.Join(",", _ranges.Select(r => r.From == r.To
        ? r.From.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{r.From}-{r.To}")));
}
