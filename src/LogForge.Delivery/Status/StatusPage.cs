using System.Globalization;
using System.Net;
using System.Text;

namespace LogForge.Delivery.Status;

/// <summary>
/// The report as one HTML5 document (artifacts/status.html): the promotion pipeline as a row of <see cref="StatusCard"/>s, the flags
/// of the whole, the open pull requests and where the report came from. Self-contained — its style inline, no script, no URL it loads —
/// so it opens from a CI artifact or a mail attachment as it opens here; its Content-Security-Policy keeps it that way should a text
/// slip through unencoded. Every text of the report is encoded: a pull request's title is whatever its author typed.
/// </summary>
public static class StatusPage
{
    public static string Render(StatusReport report)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\">");
        html.AppendLine("<head>");
        html.AppendLine("<meta charset=\"utf-8\">");
        html.AppendLine("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine($"<title>LogForge status — {Text(Short(report.Commit))}</title>");
        html.AppendLine($"<style>{StatusPageStyle.Css}</style>");
        html.AppendLine("</head>");
        html.AppendLine("<body>");
        html.AppendLine("<header class=\"page\"><h1>LogForge status</h1>");
        html.AppendLine(report.ClusterDescription is { } cluster
            ? $"<p>cluster <span data-field=\"cluster\">{Text(cluster)}</span></p>"
            : $"<p>cluster <span class=\"problem\" data-field=\"cluster-problem\">{Text(report.ClusterProblem ?? "not read")}</span></p>");
        html.AppendLine("</header>");
        html.AppendLine("<ol class=\"pipeline\" aria-label=\"promotion pipeline\">");
        for (var i = 0; i < report.Environments.Count; i++)
        {
            if (i > 0) html.AppendLine(StatusCard.Arrow);
            StatusCard.Render(html, report.Environments[i], report);
        }
        html.AppendLine("</ol>");
        html.AppendLine("<section class=\"whole\" data-section=\"report-flags\"><h2>Flags of the whole</h2>");
        StatusCard.RenderFlags(html, report.Flags);
        if (StatusText.Parity(report) is { } parity)
            html.AppendLine($"<p class=\"{(report.Parity is { Holds: true } ? "parity" : "problem")}\" data-field=\"parity\">{Text(parity)}</p>");
        html.AppendLine("</section>");
        RenderPullRequests(html, report);
        RenderFooter(html, report);
        html.AppendLine("</body>");
        html.AppendLine("</html>");
        return html.ToString();
    }

    private static void RenderPullRequests(StringBuilder html, StatusReport report)
    {
        html.AppendLine("<section class=\"pulls\" data-section=\"pull-requests\"><h2>Open pull requests</h2>");
        if (report.PullRequests is null)
            html.AppendLine($"<p class=\"problem\" data-field=\"pull-requests-problem\">{Text(report.PullRequestsProblem ?? "not read")}</p>");
        else if (report.PullRequests.Count == 0)
            html.AppendLine("<p>None open.</p>");
        else
        {
            html.AppendLine("<table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">title</th><th scope=\"col\">branch</th><th scope=\"col\">age</th></tr></thead><tbody>");
            foreach (var pull in report.PullRequests)
                html.AppendLine(
                    $"<tr data-pr=\"{pull.Number}\"><td>{Link(pull)}</td><td data-field=\"pr-title\">{Text(pull.Title)}</td>" +
                    $"<td><code>{Text(pull.Branch)}</code></td><td data-field=\"pr-age\">{Text(StatusText.Age(pull.CreatedAt, report.ReadAt))}</td></tr>");
            html.AppendLine("</tbody></table>");
        }
        html.AppendLine("</section>");
    }

    private static void RenderFooter(StringBuilder html, StatusReport report)
    {
        html.AppendLine("<footer><dl>");
        html.AppendLine($"<dt>source</dt><dd data-field=\"source\">{Text(report.Source)}</dd>");
        html.AppendLine($"<dt>commit</dt><dd><code data-field=\"commit\">{Text(Short(report.Commit))}</code></dd>");
        html.AppendLine($"<dt>read at</dt><dd data-field=\"read-at\">{Utc(report.ReadAt)}</dd>");
        html.AppendLine($"<dt>took</dt><dd data-field=\"elapsed\">{report.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s</dd>");
        html.AppendLine("</dl></footer>");
    }

    /// <summary>The number linked to the pull request; unlinked when its URL is not http(s), so no <c>javascript:</c> reaches an href.</summary>
    private static string Link(OpenPullRequest pull) =>
        Uri.TryCreate(pull.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? $"<a href=\"{Text(url.AbsoluteUri)}\">#{pull.Number}</a>"
            : $"#{pull.Number}";

    internal static string Text(string? text) => WebUtility.HtmlEncode(text ?? "");

    internal static string Short(string sha) => StatusText.Short(sha);

    internal static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
