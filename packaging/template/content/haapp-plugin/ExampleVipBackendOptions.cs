namespace HaPlugin.Example;

/// <summary>
/// The backend's settings. Configuration names a VIP backend by type only (<c>vip_backend: haplugin_example</c>),
/// so these defaults are what the backend runs with; read anything site-specific (an API endpoint, a token file)
/// from here or from a file the backend names.
/// </summary>
public sealed class ExampleVipBackendOptions
{
    /// <summary>Where the addresses would be managed (for example a cloud API); only logged by this skeleton.</summary>
    public string Endpoint { get; set; } = "https://api.example.net/";
}
