namespace HaAppliance.Abstractions;

/// <summary>
/// Optional for a plugin: declares which keepalived.conf tracker blocks its types stand for, and which of its
/// settings each keepalived keyword fills. Implement it on the same class as <see cref="IHaPlugin"/>; the host reads
/// <see cref="KeepalivedKeywords"/> once, after <see cref="IHaPlugin.Register"/>, and hands the table to the
/// keepalived.conf reader, so a keepalived.conf is read into the setting names the plugin binds.
/// </summary>
/// <remarks>
/// <para>
/// The table reads block → type → keyword → setting name:
/// <c>["vrrp_script"]["script"]["script"] = "command"</c> says "a <c>vrrp_script</c> block becomes a check of my
/// type <c>script</c>, and its <c>script</c> line fills my setting <c>command</c>". A block maps to exactly one
/// type, which the plugin must have registered with <see cref="IPluginRegistry.AddHealthCheck{TOptions}"/>; two
/// plugins claiming one block, or a block naming a type the plugin did not register, fail the plugin's loading.
/// Blocks no loaded plugin declares are read with the host's built-in names (what the built-in plugins bind).
/// </para>
/// <para>
/// Only the plugin's own settings are mapped: the tracker's fields (<c>interval</c>, <c>timeout</c>, <c>weight</c>,
/// <c>rise</c>, <c>fall</c>, <c>init_fail</c>) are the kernel's and always read by the host. The keepalived rules
/// (quoting, which values are valid, defaults) stay the reader's; the plugin only names where values go.
/// A keyword the plugin leaves out is reported as unsupported by that type (a warning; the line is ignored).
/// </para>
/// <para>Keywords, per block (a key with a dot names the further words of a line):</para>
/// <list type="table">
///   <listheader><term>block</term><description>keywords (the value written)</description></listheader>
///   <item>
///     <term><c>vrrp_script</c></term>
///     <description><c>script</c> (the command as quoted), <c>user</c> (USER), <c>user.group</c> (GROUP).</description>
///   </item>
///   <item>
///     <term><c>vrrp_track_process</c></term>
///     <description><c>process</c> (NAME), <c>process.parameters</c> (the PARAMETERS joined by spaces),
///     <c>param_match</c> (<c>exact</c>, <c>initial</c> or <c>partial</c>), <c>full_command</c> (<c>true</c>;
///     also written with parameters or param_match), <c>quorum</c>, <c>quorum_max</c> (integers),
///     <c>terminate_delay</c>, <c>fork_delay</c> (seconds; <c>delay</c> writes both).</description>
///   </item>
///   <item>
///     <term><c>track_file</c>, <c>vrrp_track_file</c></term>
///     <description><c>file</c> (the path), <c>init_file</c> (VALUE, <c>0</c> when omitted),
///     <c>init_file.overwrite</c> (<c>true</c>).</description>
///   </item>
/// </list>
/// <para>Keys are matched as written (ordinal); block and keyword names are keepalived's, in lower case.</para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class ScriptPlugin : IHaPlugin, IKeepalivedKeywordMap
/// {
///     public void Register(IPluginRegistry registry) =>
///         registry.AddHealthCheck&lt;ScriptCheckOptions&gt;("script", (o, c) =&gt; new ScriptCheck(o, c));
///
///     public IReadOnlyDictionary&lt;string, IReadOnlyDictionary&lt;string, IReadOnlyDictionary&lt;string, string&gt;&gt;&gt; KeepalivedKeywords { get; } =
///         new Dictionary&lt;string, IReadOnlyDictionary&lt;string, IReadOnlyDictionary&lt;string, string&gt;&gt;&gt;
///         {
///             ["vrrp_script"] = new Dictionary&lt;string, IReadOnlyDictionary&lt;string, string&gt;&gt;
///             {
///                 ["script"] = new Dictionary&lt;string, string&gt; { ["script"] = "command", ["user"] = "user", ["user.group"] = "group" },
///             },
///         };
/// }
/// </code>
/// </example>
public interface IKeepalivedKeywordMap
{
    /// <summary>keepalived block → this plugin's type → keepalived keyword → the type's setting name.</summary>
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> KeepalivedKeywords { get; }
}
