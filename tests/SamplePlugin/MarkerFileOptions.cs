namespace Sample.HealthChecks;

/// <summary>Settings of the sample <c>marker</c> check.</summary>
public sealed class MarkerFileOptions
{
    /// <summary>Healthy while this file exists.</summary>
    public string MarkerPath { get; set; } = "";

    /// <summary>Text the detail starts with.</summary>
    public string Label { get; set; } = "marker";

    /// <summary>A bound integer, to show typed binding across the plugin boundary.</summary>
    public int Attempts { get; set; } = 1;
}
