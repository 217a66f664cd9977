namespace HaAppliance.Templates;

/// <summary>Raised by the template function <c>error "message"</c>.</summary>
public sealed class TemplateErrorException(string message) : Exception(message);
