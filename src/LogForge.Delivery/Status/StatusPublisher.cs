using Serilog;

namespace LogForge.Delivery.Status;

/// <summary>
/// Status's outputs: the table line by line, or with JSON logging one event per environment and one per flag (properties named in
/// docs/status.md); artifacts/status.json and artifacts/status.html always; the Markdown appended to the step summary when one is given.
/// Everything written passes <paramref name="mask"/> (the build's secret masker) first: a server's message may echo what it was sent.
/// </summary>
public static class StatusPublisher
{
    public const string JsonFile = "status.json";
    public const string PageFile = "status.html";

    public static async Task<IReadOnlyList<string>> PublishAsync(StatusReport report, string artifactsDirectory, bool json, string? stepSummaryPath,
        Func<string, string> mask, ILogger log, CancellationToken ct)
    {
        if (json) WriteEvents(report, log);
        else foreach (var line in mask(StatusTable.Format(report)).Split('\n')) log.Information("{Line}", line);

        Directory.CreateDirectory(artifactsDirectory);
        var files = new[] { Path.Combine(artifactsDirectory, JsonFile), Path.Combine(artifactsDirectory, PageFile) };
        await File.WriteAllTextAsync(files[0], mask(StatusJson.Serialize(report)) + "\n", ct);
        await File.WriteAllTextAsync(files[1], mask(StatusPage.Render(report)), ct);
        if (stepSummaryPath is not null)
            await File.AppendAllTextAsync(stepSummaryPath, mask(StatusMarkdown.Render(report)) + "\n", ct);
        return files;
    }

    private static void WriteEvents(StatusReport report, ILogger log)
    {
        log.ForContext("Commit", report.Commit).ForContext("Cluster", report.ClusterDescription).ForContext("ClusterProblem", report.ClusterProblem)
            .ForContext("PullRequestsProblem", report.PullRequestsProblem).ForContext("ElapsedSeconds", report.Elapsed.TotalSeconds)
            .ForContext("ParityHolds", report.Parity?.Holds).ForContext("ParityProblem", report.ParityProblem)
            .Information("Status of {Environments} on {Source}", report.Environments.Select(e => e.Name).ToArray(), report.Source);
        foreach (var env in report.Environments)
            log.ForContext("Sync", env.AutomatedSync ? "automated" : "manual").ForContext("DesiredTag", env.Desired.Tag)
                .ForContext("DesiredDigest", env.Desired.Digest).ForContext("SetByCommit", env.Desired.SetBy?.Commit)
                .ForContext("ArgoSync", env.Argo?.Sync).ForContext("ArgoHealth", env.Argo?.Health).ForContext("ArgoRevision", env.Argo?.Revision)
                .ForContext("OperationPhase", env.Argo?.OperationPhase).ForContext("ReadyPods", env.Live?.ReadyPods)
                .ForContext("DesiredPods", env.Live?.DesiredPods).ForContext("RunningDigests", env.Live?.Digests.ToArray())
                .ForContext("Version", env.Live?.Version?.Version).ForContext("ClusterProblem", env.ClusterProblem)
                .ForContext("Flags", env.Flags.Select(f => f.Code).ToArray())
                .Information("{Environment}: git {Pin}, Argo CD {Argo}, {Pods}, /version {RunningVersion}", env.Name, StatusText.Pin(env.Desired),
                    StatusText.Argo(env), StatusText.Pods(env), StatusText.Version(env));
        foreach (var flag in report.AllFlags)
            log.ForContext("Code", flag.Code).ForContext("Level", StatusText.Level(flag.Level)).ForContext("FlagEnvironment", flag.Environment)
                .Information("flag {Code}: {Message}", flag.Code, flag.Message);
        if (report.PullRequests is { } pulls)
            foreach (var pull in pulls)
                log.ForContext("Number", pull.Number).ForContext("Url", pull.Url).ForContext("Branch", pull.Branch).ForContext("CreatedAt", pull.CreatedAt)
                    .Information("open pull request #{Number} {Title}", pull.Number, pull.Title);
    }
}
