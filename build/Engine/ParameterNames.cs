using System.Text;

namespace LogForge.Build.Engine;

/// <summary>How a member name appears on the command line and in the environment.</summary>
internal static class ParameterNames
{
    /// <summary>KubeContext → kube-context</summary>
    public static string Kebab(string memberName) => Split(memberName, '-').ToLowerInvariant();

    /// <summary>KubeContext → KUBE_CONTEXT</summary>
    public static string ScreamingSnake(string memberName) => Split(memberName, '_').ToUpperInvariant();

    private static string Split(string name, char separator)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && char.IsUpper(c) &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord) text.Append(separator);
            text.Append(c);
        }
        return text.ToString();
    }
}
