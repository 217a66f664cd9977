namespace HaPlugin.Example;

/// <summary>
/// The notifier's settings: each key of the notifier's configuration (other than <c>type</c>) binds to a property,
/// snake_case to PascalCase (<c>path</c> → <see cref="Path"/>). A value that does not convert is reported by
/// <c>haapp check</c> as <c>FILE:LINE:COL: error: ...</c> naming the key and the value.
/// </summary>
public sealed class ExampleNotifierOptions
{
    /// <summary>The file each state change is appended to, one line per change.</summary>
    public string Path { get; set; } = "";
}
