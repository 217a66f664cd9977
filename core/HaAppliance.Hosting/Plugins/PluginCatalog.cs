using System.Reflection;
using HaAppliance.Abstractions;
using HaAppliance.Config;
using HaAppliance.Plugins.Shared.Security;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Hosting.Plugins;

/// <summary>
/// Loads plugins from drop-in folders and creates the named health checks, notifiers and VIP backends
/// that configuration asks for. Each subfolder of a plugins folder is one plugin whose main assembly is
/// the <c>.dll</c> with a matching <c>.deps.json</c>; it loads into its own load context sharing only the
/// contract (Abstractions, DI and logging abstractions) with the kernel. Built-in plugins load the same way.
/// </summary>
public sealed class PluginCatalog : IDisposable
{
    /// <summary>Assemblies whose types the kernel and plugins must agree on.</summary>
    private static readonly Type[] SharedTypes =
    [
        typeof(IHaPlugin),
        typeof(IServiceCollection),
        typeof(ILogger),
        typeof(ILoggerFactory),
        // One list of secret variable names for the notifiers that read them and the scripts that must not see them.
        typeof(SecretEnvironment),
    ];

    private readonly Dictionary<(PluginKind, string), PluginRegistration> _registrations = [];
    private readonly Dictionary<string, (string Type, IReadOnlyDictionary<string, string> Keywords, LoadedPlugin Plugin)> _keepalivedBlocks = new(StringComparer.Ordinal);
    private readonly List<LoadedPlugin> _plugins = [];
    private readonly List<RefusedPlugin> _refused = [];
    private readonly List<PluginLoader> _loaders = [];
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly PluginCatalogOptions _options;
    private IServiceProvider? _services;

    /// <summary>Creates an empty catalog; add plugins with <see cref="LoadFolder"/> or <see cref="AddPlugin"/>.</summary>
    public PluginCatalog(ILoggerFactory? loggerFactory = null, PluginCatalogOptions? options = null)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("HaAppliance.Plugins");
        _options = options ?? new PluginCatalogOptions();
        Services.AddSingleton(_loggerFactory);
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        Services.AddSingleton(_options.TimeProvider);
    }

    /// <summary>The built-in drop-in folder: <c>plugins/</c> beside the binary.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Loads the built-in folder then <paramref name="extraFolders"/> (HaConfig.PluginFolders).</summary>
    /// <exception cref="PluginLoadException">A plugin is unsafe, fails to load or registers a duplicate type.</exception>
    public static PluginCatalog Load(IEnumerable<string> extraFolders, ILoggerFactory? loggerFactory = null, PluginCatalogOptions? options = null)
    {
        var catalog = new PluginCatalog(loggerFactory, options);
        try
        {
            catalog.LoadFolder(DefaultFolder);
            foreach (var folder in extraFolders)
            {
                catalog.LoadFolder(folder);
            }
        }
        catch
        {
            catalog.Dispose();
            throw;
        }

        return catalog;
    }

    /// <summary>Services shared by the kernel and plugins; frozen at the first <see cref="Create"/>.</summary>
    public IServiceCollection Services { get; } = new ServiceCollection();

    /// <summary>Plugins loaded, in load order.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins => _plugins;

    /// <summary>Plugins not loaded because they were built for an incompatible SDK (see <see cref="PluginSdk"/>).</summary>
    public IReadOnlyList<RefusedPlugin> Refused => _refused;

    /// <summary>Registered type names of <paramref name="kind"/>, sorted.</summary>
    public IReadOnlyList<string> TypesOf(PluginKind kind) =>
        [.. _registrations.Values.Where(r => r.Kind == kind).Select(r => r.Type).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// The keepalived.conf tracker blocks the loaded plugins declared (<see cref="IKeepalivedKeywordMap"/>), for
    /// <see cref="HaAppliance.Config.Keepalived.KeepalivedReaderOptions.Keywords"/>; undeclared blocks keep the built-in names.
    /// </summary>
    public HaAppliance.Config.Keepalived.KeepalivedKeywordMap KeepalivedKeywords() =>
        HaAppliance.Config.Keepalived.KeepalivedKeywordMap.FromDeclared(_keepalivedBlocks.ToDictionary(
            b => b.Key,
            b => (IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>)new Dictionary<string, IReadOnlyDictionary<string, string>> { [b.Value.Type] = b.Value.Keywords },
            StringComparer.Ordinal));

    /// <summary>Finds a registration by kind and (case-insensitive) type name.</summary>
    public PluginRegistration? Find(PluginKind kind, string type) =>
        _registrations.GetValueOrDefault((kind, type.ToLowerInvariant()));

    /// <summary>Loads every plugin subfolder of <paramref name="folder"/>; a missing folder is skipped.</summary>
    /// <exception cref="PluginLoadException">A plugin is unsafe, fails to load or registers a duplicate type.</exception>
    public void LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            PluginLog.FolderMissing(_logger, folder);
            return;
        }

        foreach (var pluginFolder in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            LoadPluginFolder(pluginFolder);
        }
    }

    /// <summary>Loads one plugin folder: security check, main assembly, entry points.</summary>
    /// <exception cref="PluginLoadException">The folder is unsafe, has no main assembly, or the plugin fails.</exception>
    public void LoadPluginFolder(string pluginFolder)
    {
        pluginFolder = Path.GetFullPath(pluginFolder);
        string name = Path.GetFileName(pluginFolder);
        string mainAssembly = FindMainAssembly(pluginFolder);

        if (_options.EnforceFileSecurity ?? UnsafePathCheck.RunningAsRoot)
        {
            foreach (var file in Directory.EnumerateFiles(pluginFolder, "*", SearchOption.AllDirectories).Prepend(pluginFolder))
            {
                if (UnsafePathCheck.FindProblem(file) is { } problem)
                {
                    throw new PluginLoadException($"plugin {name}: refusing {file}: {problem}");
                }
            }
        }

        // Before loading: a plugin built for another SDK would fail later, type by type; refuse it in one line.
        if (PluginSdk.ReadReference(mainAssembly) is { } sdk && PluginSdk.Incompatibility(sdk) is not null)
        {
            var refused = new RefusedPlugin(name, mainAssembly, sdk, PluginSdk.RefusalMessage(name, mainAssembly, sdk));
            _refused.Add(refused);
            PluginLog.Refused(_logger, refused.Message);
            return;
        }

        PluginLoader loader;
        Assembly assembly;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(mainAssembly, SharedTypes);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception ex)
        {
            throw new PluginLoadException($"plugin {name}: cannot load {mainAssembly}: {ex.Message}", ex);
        }

        _loaders.Add(loader);
        AddAssembly(assembly, name, mainAssembly);
    }

    /// <summary>
    /// Registers the entry points of an assembly that is already loaded (tests; a host that links a plugin in).
    /// Production plugins come through <see cref="LoadFolder"/>.
    /// </summary>
    public LoadedPlugin AddAssembly(Assembly assembly, string? name = null, string? path = null)
    {
        name ??= assembly.GetName().Name ?? "plugin";
        path ??= assembly.Location;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "?";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            version = version[..plus]; // drop the source-revision suffix the SDK appends
        }

        var plugin = new LoadedPlugin(name, version, path) { SdkVersion = PluginSdk.ReferencedBy(assembly) };
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex)
        {
            throw new PluginLoadException($"plugin {name}: cannot read types of {path}: {ex.Message}", ex);
        }

        var entryPoints = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHaPlugin).IsAssignableFrom(t)).ToList();
        if (entryPoints.Count == 0)
        {
            throw new PluginLoadException(
                $"plugin {name}: {path} has no public class implementing {typeof(IHaPlugin).FullName} " +
                "(built against another HaAppliance.Abstractions, or the plugin copied it into its folder?)");
        }

        foreach (var type in entryPoints)
        {
            IHaPlugin entry;
            try
            {
                entry = (IHaPlugin)Activator.CreateInstance(type)!;
            }
            catch (Exception ex)
            {
                throw new PluginLoadException($"plugin {name}: cannot create {type.FullName} from {path}: {ex.InnerException?.Message ?? ex.Message}", ex);
            }

            AddPlugin(entry, plugin);
        }

        _plugins.Add(plugin);
        PluginLog.Loaded(_logger, name, version, path,
            string.Join(", ", plugin.Registrations.Select(r => $"{r.KindName} {r.Type}")));
        return plugin;
    }

    /// <summary>Runs one entry point's registration under <paramref name="plugin"/>.</summary>
    internal void AddPlugin(IHaPlugin entry, LoadedPlugin plugin)
    {
        if (_services is not null)
        {
            throw new InvalidOperationException("plugins must be loaded before the first instance is created");
        }

        try
        {
            entry.Register(new PluginRegistry(this, plugin));
            if (entry is IKeepalivedKeywordMap map)
            {
                AddKeepalivedKeywords(map, plugin);
            }
        }
        catch (PluginLoadException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new PluginLoadException($"plugin {plugin.Name}: registration failed in {plugin.AssemblyPath}: {ex.Message}", ex);
        }
    }

    /// <summary>Takes a plugin's keepalived block declarations: one type per block, a type it registered, a block no one else claimed.</summary>
    private void AddKeepalivedKeywords(IKeepalivedKeywordMap map, LoadedPlugin plugin)
    {
        var declared = map.KeepalivedKeywords ?? throw new PluginLoadException($"plugin {plugin.Name}: {nameof(IKeepalivedKeywordMap.KeepalivedKeywords)} is null ({plugin.AssemblyPath})");
        var accepted = new List<(string Block, string Type, IReadOnlyDictionary<string, string> Keywords)>();
        foreach (var (block, types) in declared)
        {
            if (types is null || types.Count != 1)
            {
                throw new PluginLoadException($"plugin {plugin.Name}: keepalived block '{block}' must map to exactly one type ({plugin.AssemblyPath})");
            }

            var (type, keywords) = types.Single();
            var registered = plugin.Registrations.FirstOrDefault(r => r.Kind == PluginKind.HealthCheck && string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))
                ?? throw new PluginLoadException(
                    $"plugin {plugin.Name}: keepalived block '{block}' maps to health check type '{type}', which the plugin did not register ({plugin.AssemblyPath})");
            if (_keepalivedBlocks.TryGetValue(block, out var existing))
            {
                throw new PluginLoadException(
                    $"keepalived block '{block}' is claimed twice: by plugin {existing.Plugin.Name} ({existing.Plugin.AssemblyPath}) " +
                    $"and by plugin {plugin.Name} ({plugin.AssemblyPath})");
            }

            if (keywords is null || keywords.Any(k => string.IsNullOrWhiteSpace(k.Key) || string.IsNullOrWhiteSpace(k.Value)))
            {
                throw new PluginLoadException($"plugin {plugin.Name}: keepalived block '{block}' has an empty keyword or setting name ({plugin.AssemblyPath})");
            }

            accepted.Add((block, registered.Type, new Dictionary<string, string>(keywords, StringComparer.Ordinal)));
        }

        // All or nothing: a plugin whose declaration fails leaves no block claimed.
        foreach (var (block, type, keywords) in accepted)
        {
            _keepalivedBlocks[block] = (type, keywords, plugin);
        }
    }

    internal void Register(PluginRegistration registration)
    {
        var key = (registration.Kind, registration.Type.ToLowerInvariant());
        if (_registrations.TryGetValue(key, out var existing))
        {
            throw new PluginLoadException(
                $"{registration.KindName} type '{registration.Type}' is registered twice: by plugin {existing.Plugin.Name} " +
                $"({existing.Plugin.AssemblyPath}) and by plugin {registration.Plugin.Name} ({registration.Plugin.AssemblyPath})");
        }

        _registrations.Add(key, registration);
        registration.Plugin.Add(registration);
    }

    /// <summary>Creates the health check a <see cref="CheckConfig"/> describes.</summary>
    /// <exception cref="PluginConfigurationException">Unknown type (lists the known ones) or a setting that does not bind.</exception>
    public IHealthCheck CreateHealthCheck(CheckConfig check) =>
        (IHealthCheck)Create(PluginKind.HealthCheck, check.Type, check.Name, check.Settings, check.Where("type"), check.Location);

    /// <summary>Creates the notifier a <see cref="NotifierConfig"/> describes.</summary>
    /// <exception cref="PluginConfigurationException">Unknown type (lists the known ones) or a setting that does not bind.</exception>
    public INotifier CreateNotifier(NotifierConfig notifier) =>
        (INotifier)Create(PluginKind.Notifier, notifier.Type, notifier.Name, notifier.Settings, notifier.Where("type"), notifier.Location);

    /// <summary>Creates a VIP backend of <paramref name="type"/> (settings may be empty).</summary>
    /// <exception cref="PluginConfigurationException">Unknown type (lists the known ones) or a setting that does not bind.</exception>
    public IVipBackend CreateVipBackend(string type, PluginSettings? settings = null, SourceLocation? where = null) =>
        (IVipBackend)Create(PluginKind.VipBackend, type, type, settings ?? new PluginSettings(), where ?? SourceLocation.Unknown, where ?? SourceLocation.Unknown);

    /// <summary>Creates an instance of any kind (the typed Create methods call this).</summary>
    /// <exception cref="PluginConfigurationException">Unknown type (lists the known ones) or a setting that does not bind.</exception>
    public object Create(PluginKind kind, string type, string name, PluginSettings settings, SourceLocation typeLocation, SourceLocation itemLocation)
    {
        var registration = Find(kind, type);
        string kindName = kind switch { PluginKind.HealthCheck => "health check", PluginKind.Notifier => "notifier", _ => "VIP backend" };
        if (registration is null)
        {
            var known = TypesOf(kind);
            throw new PluginConfigurationException(ConfigDiagnostic.Error(
                typeLocation,
                $"{kindName} '{name}': unknown type '{type}'; known {kindName} types: " +
                (known.Count == 0 ? "(none loaded)" : string.Join(", ", known))));
        }

        string owner = $"{kindName} '{name}' (type {registration.Type})";
        var options = PluginOptionsBinder.Bind(registration.OptionsType, settings, owner, itemLocation);
        _services ??= Services.BuildServiceProvider();
        var context = new PluginContext(name, _services)
        {
            Logger = _loggerFactory.CreateLogger($"HaAppliance.Plugins.{registration.Type}"),
            Type = registration.Type,
            TimeProvider = _options.TimeProvider,
        };
        try
        {
            return registration.Factory(options, context);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IOException or UnauthorizedAccessException)
        {
            // Factories validate their options; report like a bad setting, on the item.
            throw new PluginConfigurationException(ConfigDiagnostic.Error(itemLocation, $"{owner}: {ex.Message}"), ex);
        }
        catch (Exception ex) when (ex is not PluginConfigurationException)
        {
            // A plugin bug: still an error at start-up naming the item and the plugin, never a crash later.
            throw new PluginConfigurationException(ConfigDiagnostic.Error(
                itemLocation, $"{owner}: plugin {registration.Plugin.Name} failed to create it: {ex.GetType().Name}: {ex.Message}"), ex);
        }
    }

    private static string FindMainAssembly(string pluginFolder)
    {
        string name = Path.GetFileName(pluginFolder);

        // `dotnet build -o` also drops the contract assemblies (with their .deps.json) into the folder;
        // they are shared with the kernel and are never a plugin's main assembly.
        var shared = SharedTypes.Select(t => t.Assembly.GetName().Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidates = Directory.GetFiles(pluginFolder, "*.deps.json")
            .Select(d => Path.GetFileName(d)[..^".deps.json".Length])
            .Where(n => !shared.Contains(n) && File.Exists(Path.Combine(pluginFolder, n + ".dll")))
            .ToList();
        if (candidates.Count > 1)
        {
            // The launcher's layout: plugins/Http/HaAppliance.Plugins.Http.dll.
            var named = candidates.Where(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)
                || n.EndsWith("." + name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (named.Count == 1)
            {
                candidates = named;
            }
        }

        return candidates.Count switch
        {
            1 => Path.Combine(pluginFolder, candidates[0] + ".dll"),
            0 => throw new PluginLoadException(
                $"plugin {name}: no main assembly in {pluginFolder} (expected a .dll with a matching .deps.json; build with EnableDynamicLoading)"),
            _ => throw new PluginLoadException(
                $"plugin {name}: several main assemblies in {pluginFolder}: {string.Join(", ", candidates.Select(c => c + ".dll"))}"),
        };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        (_services as IDisposable)?.Dispose();
        foreach (var loader in _loaders)
        {
            loader.Dispose();
        }
    }
}
