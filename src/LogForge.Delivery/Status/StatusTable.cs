using System.Text;

namespace LogForge.Delivery.Status;

/// <summary>Status as plain text for a console: a heading naming what was read, one row per environment, then the flags (most
/// severe first) and the open pull requests, each half that could not be read saying why (the caller logs it line by line).</summary>
public static class StatusTable
{
    private static readonly string[] Headers = ["environment", "sync", "git pins", "set by", "Argo CD", "last operation", "pods", "/version", "images"];

    public static string Format(StatusReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading(report));
        var rows = report.Environments.Select(Row).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        text.AppendLine(Line(Headers, widths));
        foreach (var row in rows) text.AppendLine(Line(row, widths));
        foreach (var env in report.Environments)
        foreach (var problem in StatusText.Problems(env, report))
            text.AppendLine($"{env.Name}: {problem}");
        if (report.ClusterProblem is { } noCluster) text.AppendLine($"cluster: {noCluster} — git's half only");
        if (StatusText.Parity(report) is { } parity) text.AppendLine(parity);

        var flags = report.AllFlags.ToList();
        text.AppendLine(flags.Count == 0 ? "flags: none" : "flags:");
        foreach (var flag in flags)
            text.AppendLine($"  {StatusText.Level(flag.Level),-7}  {flag.Environment ?? "all",-10}  {flag.Code,-20}  {flag.Message}");

        if (report.PullRequests is { } pulls)
        {
            text.AppendLine(pulls.Count == 0 ? "open pull requests (release/*, promote/*, rollback/*): none" : "open pull requests:");
            foreach (var pull in pulls)
                text.AppendLine($"  #{pull.Number}  {pull.Branch}  {StatusText.Age(pull.CreatedAt, report.ReadAt)}  {pull.Title}  {pull.Url}");
        }
        else text.AppendLine($"open pull requests: {report.PullRequestsProblem}");
        return text.ToString().TrimEnd();
    }

    public static string Heading(StatusReport report) =>
        $"Status of {string.Join(" → ", report.Environments.Select(e => e.Name))} on {report.Source}" +
        (report.ClusterDescription is { } cluster ? $"; cluster {cluster}" : "") +
        $"; read at {report.ReadAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC in {report.Elapsed.TotalSeconds:0.00} s";

    private static string[] Row(EnvironmentStatus env) =>
    [
        env.Name, StatusText.Sync(env), StatusText.Pin(env.Desired), StatusText.SetBy(env.Desired), StatusText.Argo(env), StatusText.Operation(env),
        StatusText.Pods(env), StatusText.Version(env), StatusText.Images(env),
    ];

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
