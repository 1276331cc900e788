using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogForge.Delivery.Status;

/// <summary>
/// Status as JSON (artifacts/status.json; the schema is docs/status.md's): the report as it is, camelCase, enums as their names, times in
/// ISO 8601, the elapsed time in seconds, <c>schemaVersion</c> first so a reader can tell a change of shape.
/// </summary>
public static class StatusJson
{
    public const int SchemaVersion = 1;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(StatusReport report) => JsonSerializer.Serialize(new
    {
        schemaVersion = SchemaVersion,
        source = report.Source,
        commit = report.Commit,
        readAt = report.ReadAt.ToUniversalTime(),
        elapsedSeconds = Math.Round(report.Elapsed.TotalSeconds, 3),
        cluster = report.ClusterDescription,
        clusterProblem = report.ClusterProblem,
        environments = report.Environments.Select(e => new
        {
            name = e.Name,
            @namespace = e.Namespace,
            application = e.Application,
            sync = e.AutomatedSync ? "automated" : "manual",
            desired = new
            {
                valuesFile = e.Desired.ValuesFile,
                tag = e.Desired.Tag,
                digest = e.Desired.Digest,
                setBy = e.Desired.SetBy is { } entry
                    ? new { commit = entry.Commit, when = entry.When.ToUniversalTime(), who = entry.Who, version = entry.Version, pullRequest = entry.PullRequest,
                        kind = entry.Kind }
                    : null,
            },
            argo = e.Argo,
            live = e.Live is { } live
                ? new { readyPods = live.ReadyPods, desiredPods = live.DesiredPods, images = live.Images.Select(i => new { image = i.Image, imageId = i.ImageId,
                    tag = i.Tag, digest = i.Digest, containers = i.Containers }), version = live.Version, versionProblem = live.VersionProblem }
                : null,
            clusterProblem = e.ClusterProblem,
            flags = e.Flags,
        }),
        flags = report.Flags,
        parity = report.Parity is { } parity
            ? new { left = parity.Left, right = parity.Right, holds = parity.Holds, forbidden = parity.Forbidden, detail = parity.Detail }
            : null,
        parityProblem = report.ParityProblem,
        pullRequests = report.PullRequests,
        pullRequestsProblem = report.PullRequestsProblem,
    }, Options);
}
