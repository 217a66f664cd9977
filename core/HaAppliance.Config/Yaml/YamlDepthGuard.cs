using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HaAppliance.Config.Yaml;

/// <summary>
/// YamlDotNet's representation model builds nodes recursively, so 100 000 nested brackets overflow the
/// stack and kill the process. Walk the (iterative) event parser first and refuse documents nested
/// deeper than any configuration needs.
/// </summary>
public static class YamlDepthGuard
{
    public const int MaxDepth = 64;

    /// <summary>Null when the text is safe to load; else the place and the reason.</summary>
    public static (Mark Where, string Message)? Check(string text, int maxDepth = MaxDepth)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > maxDepth)
                        {
                            return (parser.Current.Start, $"the document is nested more than {maxDepth} levels deep");
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // Syntax errors are reported by the full load, with the same position.
        }

        return null;
    }
}
