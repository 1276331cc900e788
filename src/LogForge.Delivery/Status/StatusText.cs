using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Status;

/// <summary>The cells of Status as words, shared by the table, the Markdown and the page so the three say the same.</summary>
public static class StatusText
{
    public static string Pin(DesiredState desired) => desired.Digest is { } digest ? $"{desired.Tag}@{ImagePin.ShortDigest(digest)}" : desired.Tag;

    /// <summary>"#12 alice 2026-12-03 10:00 1a2b3c4d5e6f", or why there is none.</summary>
    public static string SetBy(DesiredState desired) => desired.SetBy is { } entry
        ? string.Join(" ", new[] { entry.PullRequest is { } n ? $"#{n}" : null, entry.Who, entry.When.UtcDateTime.ToString("yyyy-MM-dd HH:mm"), Short(entry.Commit) }
            .OfType<string>())
        : "— (no commit in the history changed the tag)";

    public static string Sync(EnvironmentStatus env) => env.AutomatedSync ? "auto" : "manual";

    /// <summary>"Synced, Healthy at 1a2b3c4", or the environment's cluster problem.</summary>
    public static string Argo(EnvironmentStatus env) => env.Argo is { } argo
        ? $"{argo.Sync}, {argo.Health}" + (argo.Revision is { Length: >= 7 } revision ? $" at {revision[..7]}" : "")
        : "—";

    /// <summary>"Succeeded by automated at 2026-12-03 10:01", "Running", or "—" when Argo CD ran none.</summary>
    public static string Operation(EnvironmentStatus env) => env.Argo is { OperationPhase: { } phase } argo
        ? phase + (argo.InitiatedBy is { } who ? $" by {who}" : "") + (argo.OperationFinishedAt is { } at ? $" at {at.UtcDateTime:yyyy-MM-dd HH:mm}" : "")
        : "—";

    public static string Pods(EnvironmentStatus env) => env.Live is { } live ? $"{live.ReadyPods}/{live.DesiredPods} Ready" : "—";

    /// <summary>What GET /version answered; "—" when it was not asked or not answered (<see cref="Problems"/> says why).</summary>
    public static string Version(EnvironmentStatus env) => env.Live?.Version?.Version ?? "—";

    /// <summary>Git's parity pair as rendered: "staging ↔ production rendered from git: parity holds (…)", what breaks it, or why it was
    /// not checked; null when the report carries neither (a report built without the check).</summary>
    public static string? Parity(StatusReport report) => report.Parity switch
    {
        { Holds: true } p => $"{p.Left} ↔ {p.Right} rendered from git: parity holds ({p.Detail})",
        { } p => $"{p.Left} ↔ {p.Right} rendered from git: {p.Detail} (the parity-drift flag names them)",
        null when report.ParityProblem is { } problem => $"parity of git's renders not checked: {problem}",
        null => null,
    };

    /// <summary>What could not be read of one environment, as lines: its cluster problem, why /version has no answer.</summary>
    public static IEnumerable<string> Problems(EnvironmentStatus env, StatusReport report)
    {
        if (env.ClusterProblem is { } problem && report.ClusterProblem is null) yield return problem;
        if (env.Live?.VersionProblem is { } version) yield return $"GET /version: {version}";
    }

    /// <summary>Each distinct running image as tag@short digest with its container count: "0.2.0@sha256:0123456789ab ×2".</summary>
    public static string Images(EnvironmentStatus env) => env.Live is { Images.Count: > 0 } live
        ? string.Join(", ", live.Images.Select(i => $"{i.Tag ?? i.Image}{(i.Digest is { } d ? "@" + ImagePin.ShortDigest(d) : "")} ×{i.Containers}"))
        : "—";

    /// <summary>"3 h", "2 d", "5 min": how long ago <paramref name="at"/> was, at <paramref name="now"/>.</summary>
    public static string Age(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is null) return "—";
        var age = now - at.Value;
        if (age < TimeSpan.FromMinutes(1)) return "< 1 min";
        if (age < TimeSpan.FromHours(1)) return $"{(int)age.TotalMinutes} min";
        if (age < TimeSpan.FromDays(2)) return $"{(int)age.TotalHours} h";
        return $"{(int)age.TotalDays} d";
    }

    public static string Level(FlagLevel level) => level switch
    {
        FlagLevel.Alarm => "alarm",
        FlagLevel.Warning => "warning",
        _ => "info",
    };

    public static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
