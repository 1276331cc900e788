using System.Text;
using LogForge.Delivery.Process;

namespace LogForge.Testing.Metrics;

/// <summary>
/// Prometheus' own parsers, as Debian's <c>prometheus</c> package ships them in promtool (2.42; .ci/run installs it):
/// <c>promtool check metrics</c> reads an exposition on stdin with Prometheus' text parser and lints it (names, units,
/// _total on counters); <c>promtool check rules</c> parses every PromQL expression of a rules file.
/// </summary>
public static class Promtool
{
    /// <summary>What promtool says about the exposition: empty when it parses and passes the lint.</summary>
    public static async Task<string> CheckMetricsAsync(string exposition)
    {
        var result = await RunAsync(new ProcessRequest("promtool", ["check", "metrics"]) { StandardInput = exposition, Echo = OutputEcho.None });
        var said = (result.StandardOutput + result.StandardError).Trim();
        return result.ExitCode == 0 ? said : $"exit {result.ExitCode}: {said}";
    }

    /// <summary>Parses each expression as a recording rule; what promtool says when one does not parse, else empty.</summary>
    public static async Task<string> CheckQueriesAsync(IReadOnlyList<string> expressions)
    {
        var rules = new StringBuilder("groups:\n  - name: queries\n    rules:\n");
        for (var i = 0; i < expressions.Count; i++)
        {
            rules.Append($"      - record: query:{i}\n        expr: |-\n");
            foreach (var line in expressions[i].Split('\n'))
                rules.Append("          ").Append(line).Append('\n');
        }

        var file = Path.Combine(Path.GetTempPath(), $"logforge-queries-{Guid.NewGuid():N}.rules.yaml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var result = await RunAsync(new ProcessRequest("promtool", ["check", "rules", file]) { Echo = OutputEcho.None });
            return result.ExitCode == 0 ? "" : $"exit {result.ExitCode}: {(result.StandardOutput + result.StandardError).Trim()}";
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<ProcessResult> RunAsync(ProcessRequest request)
    {
        try
        {
            return await new ProcessRunner().RunAsync(request);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message} (promtool is in Debian's prometheus package: apt-get install prometheus)", e);
        }
    }
}
