namespace LogForge.Build.Engine;

/// <summary>"Did you mean …" for mistyped target and option names.</summary>
internal static class Suggestions
{
    public static string DidYouMean(string input, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(input.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.Distance <= Math.Max(2, input.Length / 3))
            .OrderBy(x => x.Distance)
            .Select(x => x.Candidate)
            .Take(2)
            .ToList();
        return best.Count == 0 ? "" : $" Did you mean {string.Join(" or ", best)}?";
    }

    internal static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
