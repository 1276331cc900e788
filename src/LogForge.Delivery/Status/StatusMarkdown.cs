using System.Text;

namespace LogForge.Delivery.Status;

/// <summary>Status as Markdown, for $GITHUB_STEP_SUMMARY: the same rows, flags and pull requests as the table.</summary>
public static class StatusMarkdown
{
    public static string Render(StatusReport report)
    {
        var text = new StringBuilder();
        text.AppendLine("## Status").AppendLine();
        text.AppendLine(Cell(StatusTable.Heading(report)) + ".").AppendLine();
        text.AppendLine("| environment | sync | git pins | set by | Argo CD | last operation | pods | /version | images |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var env in report.Environments)
        {
            string[] row = [$"**{env.Name}**", StatusText.Sync(env), $"`{StatusText.Pin(env.Desired)}`", StatusText.SetBy(env.Desired), StatusText.Argo(env),
                StatusText.Operation(env), StatusText.Pods(env), StatusText.Version(env), StatusText.Images(env)];
            text.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        }
        text.AppendLine();
        foreach (var env in report.Environments)
        foreach (var problem in StatusText.Problems(env, report))
            text.AppendLine($"- {env.Name}: {Cell(problem)}");
        if (report.ClusterProblem is { } noCluster) text.AppendLine($"- cluster: {Cell(noCluster)} — git's half only");
        if (StatusText.Parity(report) is { } parity) text.AppendLine($"- {Cell(parity)}");

        var flags = report.AllFlags.ToList();
        text.AppendLine().AppendLine(flags.Count == 0 ? "**Flags:** none." : "**Flags:**").AppendLine();
        foreach (var flag in flags)
            text.AppendLine($"- {StatusText.Level(flag.Level)} · {flag.Environment ?? "all"} · `{flag.Code}`: {Cell(flag.Message)}");

        text.AppendLine().Append("**Open pull requests:** ");
        if (report.PullRequests is not { } pulls) return text.AppendLine(Cell(report.PullRequestsProblem ?? "")).ToString();
        if (pulls.Count == 0) return text.AppendLine("none.").ToString();
        text.AppendLine().AppendLine();
        foreach (var pull in pulls)
            text.AppendLine($"- [#{pull.Number}]({pull.Url}) `{pull.Branch}` {Cell(pull.Title)} ({StatusText.Age(pull.CreatedAt, report.ReadAt)})");
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
