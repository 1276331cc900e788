using System.Globalization;
using System.Text;
using LogForge.Delivery.Versions;
using static LogForge.Delivery.Status.StatusPage;

namespace LogForge.Delivery.Status;

/// <summary>
/// One environment of <see cref="StatusPage"/>: what git pins and who set it, what Argo CD reports, what runs, and its flags. Its state
/// — ok, or the level of its most severe flag — is a class for the colour and a word on the card, so it reads without colour too.
/// </summary>
internal static class StatusCard
{
    internal const string Arrow =
        "<li class=\"arrow\" aria-hidden=\"true\"><svg viewBox=\"0 0 40 20\" width=\"40\" height=\"20\">" +
        "<path d=\"M2 10h30M24 3l9 7-9 7\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"3\"/></svg></li>";

    public static void Render(StringBuilder html, EnvironmentStatus env, StatusReport report)
    {
        var state = State(env.Flags);
        html.AppendLine($"<li class=\"env {state}\" data-env=\"{Text(env.Name)}\" data-state=\"{state}\">");
        html.AppendLine($"<header><h2>{Text(env.Name)}</h2><span class=\"state\" data-field=\"state\">{state}</span></header>");
        html.AppendLine(
            $"<p class=\"where\"><code>{Text(env.Namespace)}</code> · Application <code>{Text(env.Application)}</code> · " +
            $"sync <span data-field=\"sync-policy\">{(env.AutomatedSync ? "auto" : "manual")}</span></p>");
        RenderDesired(html, env.Desired);
        var problem = env.ClusterProblem ?? report.ClusterProblem ?? "not read";
        if (env.Argo is null && env.Live is null)
            html.AppendLine($"<section><h3>cluster</h3>{Problem(problem)}</section>");
        else
        {
            RenderArgo(html, env.Argo, problem);
            RenderLive(html, env.Live, problem);
        }
        html.AppendLine("<section><h3>flags</h3>");
        RenderFlags(html, env.Flags);
        html.AppendLine("</section>");
        html.AppendLine("</li>");
    }

    public static void RenderFlags(StringBuilder html, IReadOnlyList<StatusFlag> flags)
    {
        if (flags.Count == 0)
        {
            html.AppendLine("<p class=\"none\">no flags</p>");
            return;
        }
        html.AppendLine("<ul class=\"flags\">");
        foreach (var flag in flags.OrderByDescending(f => f.Level))
        {
            var level = Word(flag.Level);
            html.AppendLine(
                $"<li class=\"flag {level}\" data-flag=\"{Text(flag.Code)}\" data-level=\"{level}\"><span class=\"level\">{level}</span> " +
                $"<code>{Text(flag.Code)}</code> <span class=\"message\">{Text(flag.Message)}</span></li>");
        }
        html.AppendLine("</ul>");
    }

    private static void RenderDesired(StringBuilder html, DesiredState desired)
    {
        html.AppendLine("<section><h3>git</h3><dl>");
        var digest = desired.Digest is { } d ? $" <code data-field=\"desired-digest\">{Text(ImagePin.ShortDigest(d))}</code>" : "";
        html.AppendLine($"<dt>tag</dt><dd><span data-field=\"desired-tag\">{Text(desired.Tag)}</span>{digest}</dd>");
        var setBy = desired.SetBy is { } entry
            ? $"{Text(entry.Who)} · {Time(entry.When)} · <code>{Text(Short(entry.Commit))}</code>" +
              (entry.PullRequest is { } number ? $" · #{number}" : "")
            : "no commit changed the tag (the file was written so)";
        html.AppendLine($"<dt>set by</dt><dd data-field=\"set-by\">{setBy}</dd>");
        html.AppendLine($"<dt>values</dt><dd><code>{Text(desired.ValuesFile)}</code></dd>");
        html.AppendLine("</dl></section>");
    }

    private static void RenderArgo(StringBuilder html, ArgoView? argo, string problem)
    {
        html.AppendLine("<section><h3>Argo CD</h3>");
        if (argo is null)
        {
            html.AppendLine($"{Problem(problem)}</section>");
            return;
        }
        var revision = argo.Revision is { } r ? $" at <code data-field=\"argo-revision\">{Text(Short(r))}</code>" : "";
        html.AppendLine("<dl>");
        html.AppendLine($"<dt>sync</dt><dd><span data-field=\"argo-sync\">{Text(argo.Sync)}</span>{revision}</dd>");
        html.AppendLine($"<dt>health</dt><dd data-field=\"argo-health\">{Text(argo.Health)}</dd>");
        html.AppendLine($"<dt>last operation</dt><dd data-field=\"argo-operation\">{Operation(argo)}</dd>");
        html.AppendLine("</dl></section>");
    }

    private static string Operation(ArgoView argo)
    {
        if (argo.OperationPhase is not { } phase) return "none";
        var text = new StringBuilder(Text(phase));
        if (argo.InitiatedBy is { } who) text.Append($" by {Text(who)}");
        if (argo.OperationFinishedAt is { } finished) text.Append($", {Time(finished)}");
        if (argo.OperationMessage is { } message) text.Append($"<span class=\"message\">{Text(message)}</span>");
        return text.ToString();
    }

    private static void RenderLive(StringBuilder html, LiveView? live, string problem)
    {
        html.AppendLine("<section><h3>running</h3>");
        if (live is null)
        {
            html.AppendLine($"{Problem(problem)}</section>");
            return;
        }
        var version = live.Version is { } answer
            ? $"<span data-field=\"live-version\">{Text(answer.Version)}</span> <span class=\"topology\">{Text(answer.Topology)}</span>"
            : $"<span class=\"problem\" data-field=\"live-version-problem\">{Text(live.VersionProblem ?? "not asked")}</span>";
        var images = live.Images.Count == 0 ? "none Ready" : string.Join("<br>", live.Images.Select(Image));
        html.AppendLine("<dl>");
        html.AppendLine($"<dt>pods</dt><dd><span data-field=\"live-pods\">{live.ReadyPods}/{live.DesiredPods}</span> Ready</dd>");
        html.AppendLine($"<dt>version</dt><dd>{version}</dd>");
        html.AppendLine($"<dt>images</dt><dd data-field=\"live-images\">{images}</dd>");
        html.AppendLine("</dl></section>");
    }

    private static string Image(LiveImage image)
    {
        var name = image.Digest is { } digest ? $"{image.Tag ?? "untagged"}@{ImagePin.ShortDigest(digest)}" : image.Image;
        return $"<code>{Text(name)}</code> × {image.Containers}";
    }

    private static string State(IReadOnlyList<StatusFlag> flags) => flags.Count == 0 ? "ok" : Word(flags.Max(f => f.Level));

    private static string Word(FlagLevel level) => level switch
    {
        FlagLevel.Info => "info",
        FlagLevel.Warning => "warning",
        FlagLevel.Alarm => "alarm",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    private static string Problem(string problem) => $"<p class=\"problem\" data-field=\"cluster-problem\">{Text(problem)}</p>";

    private static string Time(DateTimeOffset time) =>
        $"<time datetime=\"{Utc(time)}\">{time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</time>";
}
