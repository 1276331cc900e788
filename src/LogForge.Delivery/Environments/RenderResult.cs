using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Environments;

/// <summary>One environment's `helm lint --strict` and `helm template`, and where the manifest was written.</summary>
public sealed record RenderResult(string Environment, HelmRun Lint, HelmRun Template, string? OutputPath)
{
    public bool Succeeded => Lint.Succeeded && Template.Succeeded;

    public string Manifest => Template.StandardOutput;

    /// <summary>What went wrong, in helm's words (its error lines), or "" when both passed.</summary>
    public string Failure
    {
        get
        {
            var lines = new List<string>();
            if (!Lint.Succeeded)
                lines.AddRange(ErrorLines(Lint).Select(l => $"lint: {l}"));
            if (!Template.Succeeded)
                lines.AddRange(ErrorLines(Template).Select(l => $"template: {l}"));
            return string.Join("\n", lines.Distinct());
        }
    }

    private static IEnumerable<string> ErrorLines(HelmRun run)
    {
        var lines = (run.StandardOutput + "\n" + run.StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        // With --strict, lint's warnings fail the chart too.
            .Where(l => l.StartsWith("[ERROR]") || l.StartsWith("[WARNING]") || l.StartsWith("Error:") || l.StartsWith("- "))
            .ToList();
        return lines.Count > 0 ? lines : [$"exit code {run.ExitCode}: {run.StandardError.Trim()}"];
    }
}
