using System.Text;

namespace HaAppliance.Notifications.Scripts;

/// <summary>
/// Splits a notify command line into words the way keepalived does: no shell, words separated by
/// blanks, double or single quotes group a word, a backslash escapes the next character.
/// keepalived then appends the notify arguments as separate words, so a script reads "$1".."$4".
/// </summary>
public static class NotifyCommandLine
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"' && i + 1 < commandLine.Length)
                {
                    current.Append(commandLine[++i]);
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                case '"' or '\'':
                    quote = c;
                    inWord = true;
                    break;
                case '\\' when i + 1 < commandLine.Length:
                    current.Append(commandLine[++i]);
                    inWord = true;
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (quote != '\0')
        {
            throw new FormatException($"Unterminated {quote} quote in command line: {commandLine}");
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
