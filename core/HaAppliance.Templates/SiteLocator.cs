namespace HaAppliance.Templates;

/// <summary>
/// <c>--site</c> takes a path or a site name; a name is looked up as <c>etc/sites/NAME.yaml</c> in the
/// current folder, beside the template's folder, and beside the program.
/// </summary>
public static class SiteLocator
{
    public static string? Resolve(string site, string? templatePath, out string? error)
    {
        error = null;
        if (File.Exists(site))
        {
            return site;
        }

        var folders = SearchFolders(templatePath).ToList();
        foreach (var folder in folders)
        {
            foreach (var ext in new[] { ".yaml", ".yml" })
            {
                var candidate = Path.Combine(folder, site + ext);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        var known = folders.Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*.y*ml"))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        error = $"site '{site}' is neither a file nor a name in {string.Join(", ", folders.Distinct())}" +
                (known.Count > 0 ? $"; known sites: {string.Join(", ", known)}" : "");
        return null;
    }

    private static IEnumerable<string> SearchFolders(string? templatePath)
    {
        yield return Path.Combine("etc", "sites");
        if (templatePath is not null && Path.GetDirectoryName(Path.GetFullPath(templatePath)) is { } dir)
        {
            yield return Path.GetFullPath(Path.Combine(dir, "..", "etc", "sites"));
        }

        yield return Path.Combine(AppContext.BaseDirectory, "etc", "sites");
    }
}
