using LogForge.Delivery.Status;
using Microsoft.Playwright;

namespace LogForge.Delivery.Tests.Status;

/// <summary>
/// Status's HTML page as chromium renders it from a file: the pipeline's cards in promotion order, each card's state in a word as well
/// as a colour, the flags under the card they are about, the pull requests, what is said when a half could not be read — and that the
/// page loads nothing and runs nothing, whatever the report's texts hold.
/// </summary>
public sealed class StatusPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly string[] Pipeline = ["dev", "staging", "production"];

    [Fact]
    public async Task The_cards_run_dev_staging_production_left_to_right_with_arrows_between_them()
    {
        await using var page = await RenderedStatusPage.OpenAsync(chromium.Browser, StatusReports.DuringPromotionWindow(), "promotion-window");

        Assert.Equal(Pipeline, await page.Page.Locator("[data-env]").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.env)"));
        var cards = new List<LocatorBoundingBoxResult>();
        foreach (var environment in Pipeline) cards.Add(await page.Card(environment).BoundingBoxAsync() ?? throw new InvalidOperationException($"{environment}: no box"));
        var arrows = page.Page.Locator(".arrow svg");
        Assert.Equal(2, await arrows.CountAsync());
        for (var i = 0; i < 2; i++)
        {
            var arrow = await arrows.Nth(i).BoundingBoxAsync() ?? throw new InvalidOperationException($"arrow {i}: no box");
            Assert.True(cards[i].X + cards[i].Width <= arrow.X && arrow.X + arrow.Width <= cards[i + 1].X,
                $"arrow {i} at x={arrow.X}..{arrow.X + arrow.Width} is not between {Pipeline[i]} (ends at {cards[i].X + cards[i].Width}) and {Pipeline[i + 1]} (starts at {cards[i + 1].X})");
            Assert.Equal(cards[i].Y, cards[i + 1].Y);
        }
        AssertLoadedNothingButItself(page);
    }

    [Fact]
    public async Task Each_card_shows_its_state_pins_argo_cd_and_what_runs()
    {
        await using var page = await RenderedStatusPage.OpenAsync(chromium.Browser, StatusReports.DuringPromotionWindow(), "promotion-window");

        foreach (var (environment, state) in new[] { ("dev", "ok"), ("staging", "ok"), ("production", "info") })
            await AssertStateAsync(page, environment, state);
        Assert.Equal("auto", await Field(page.Card("dev"), "sync-policy"));
        var production = page.Card("production");
        Assert.Equal("manual", await Field(production, "sync-policy"));
        Assert.Equal("0.2.0", await Field(production, "desired-tag"));
        Assert.Equal("sha256:20bb20bb20bb", await Field(production, "desired-digest"));
        Assert.Equal("octocat · 2026-12-04 10:00 UTC · 9a8b7c6d5e4f", await Field(production, "set-by"));
        Assert.Equal("OutOfSync", await Field(production, "argo-sync"));
        Assert.Equal("5f5f5f5f5f5f", await Field(production, "argo-revision"));
        Assert.Equal("Healthy", await Field(production, "argo-health"));
        Assert.StartsWith("Succeeded by octocat, 2026-12-04 11:00 UTC", await Field(production, "argo-operation"));
        Assert.Equal("0.1.0", await Field(production, "live-version"));
        Assert.Equal("3/3", await Field(production, "live-pods"));
        Assert.Equal("0.2.0", await Field(page.Card("staging"), "live-version"));
        Assert.Equal("origin/main", await Field(page.Page, "source"));
        Assert.Equal("4f1c2e3d5a6b", await Field(page.Page, "commit"));
        Assert.Equal("2026-12-04T12:00:00Z", await Field(page.Page, "read-at"));
        Assert.Equal("1.8 s", await Field(page.Page, "elapsed"));
        AssertLoadedNothingButItself(page);
    }

    [Fact]
    public async Task Each_flag_shows_under_the_card_of_its_environment()
    {
        await using var page = await RenderedStatusPage.OpenAsync(chromium.Browser, StatusReports.DuringPromotionWindow(), "promotion-window");

        Assert.Equal([StatusFlagCodes.AwaitingManualSync, StatusFlagCodes.BehindStaging], await Codes(page.Card("production")));
        foreach (var code in await Codes(page.Card("production")))
        {
            var flag = page.Card("production").Locator($"[data-flag=\"{code}\"]");
            Assert.True(await flag.IsVisibleAsync(), code);
            Assert.Contains("info", (await flag.GetAttributeAsync("class"))!.Split(' '));
            Assert.Contains(code, await flag.InnerTextAsync());
        }
        Assert.Contains("1 release behind", await page.Card("production").Locator($"[data-flag=\"{StatusFlagCodes.BehindStaging}\"]").InnerTextAsync());
        foreach (var environment in new[] { "dev", "staging" })
        {
            Assert.Empty(await Codes(page.Card(environment)));
            Assert.True(await page.Card(environment).GetByText("no flags").IsVisibleAsync(), environment);
        }
        Assert.Empty(await Codes(page.Page.Locator("[data-section=report-flags]")));
        Assert.Equal($"staging ↔ production rendered from git: parity holds ({StatusReports.ParityHolds.Detail})",
            await Field(page.Page.Locator("[data-section=report-flags]"), "parity"));
        AssertLoadedNothingButItself(page);
    }

    [Fact]
    public async Task Pull_requests_link_their_number_and_a_title_with_a_script_is_shown_as_text()
    {
        await using var page = await RenderedStatusPage.OpenAsync(chromium.Browser, StatusReports.DuringPromotionWindow(), "promotion-window");

        var promotion = page.Page.Locator("[data-pr=\"42\"]");
        var link = promotion.GetByRole(AriaRole.Link);
        Assert.Equal("#42", await link.InnerTextAsync());
        Assert.Equal("https://github.com/logforge/logforge/pull/42", await link.GetAttributeAsync("href"));
        Assert.Equal("promote: production to 0.2.0", await Field(promotion, "pr-title"));
        Assert.Equal("3 h", await Field(promotion, "pr-age"));
        var release = page.Page.Locator("[data-pr=\"43\"]");
        Assert.Equal(StatusReports.ScriptTitle, await Field(release, "pr-title"));
        Assert.True(await release.GetByText(StatusReports.ScriptTitle).IsVisibleAsync());
        Assert.Equal("5 d", await Field(release, "pr-age"));
        Assert.Equal(0, await page.Page.Locator("script").CountAsync());
        Assert.Empty(page.Dialogs);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'",
            await page.Page.Locator("meta[http-equiv=\"Content-Security-Policy\"]").GetAttributeAsync("content"));
        AssertLoadedNothingButItself(page);
    }

    [Fact]
    public async Task An_alarm_marks_only_its_card_in_a_word_and_a_colour_and_its_message_stays_text()
    {
        await using var page = await RenderedStatusPage.OpenAsync(chromium.Browser, StatusReports.RejectedRunning(), "rejected-running");

        foreach (var (environment, state) in new[] { ("dev", "ok"), ("staging", "warning"), ("production", "alarm") })
            await AssertStateAsync(page, environment, state);
        var colours = new HashSet<string>();
        foreach (var environment in Pipeline)
            colours.Add(await page.Card(environment).EvaluateAsync<string>("card => getComputedStyle(card).borderTopColor"));
        Assert.Equal(3, colours.Count);
        var production = page.Card("production");
        Assert.Equal([StatusFlagCodes.RejectedRunning, StatusFlagCodes.AwaitingManualSync], await Codes(production));
        var rejected = production.Locator($"[data-flag=\"{StatusFlagCodes.RejectedRunning}\"]");
        Assert.Contains("alarm", (await rejected.GetAttributeAsync("class"))!.Split(' '));
        Assert.Contains(StatusReports.ImageInMessage, await rejected.InnerTextAsync());
        Assert.Equal(0, await page.Page.Locator("img").CountAsync());
        Assert.Equal([StatusFlagCodes.RolloutIncomplete], await Codes(page.Card("staging")));
        Assert.Equal("1/2", await Field(page.Card("staging"), "live-pods"));
        Assert.Empty(await Codes(page.Card("dev")));
        var whole = page.Page.Locator("[data-section=report-flags]");
        Assert.Equal([StatusFlagCodes.ParityDrift], await Codes(whole));
        Assert.Equal("warning", await whole.Locator("[data-flag]").GetAttributeAsync("data-level"));
        Assert.True(await page.Page.Locator("[data-section=pull-requests]").GetByText("None open.").IsVisibleAsync());
        AssertLoadedNothingButItself(page);
    }

    [Fact]
    public async Task Without_a_cluster_or_a_token_each_missing_half_says_why()
    {
        await using var page = await RenderedStatusPage.OpenAsync(chromium.Browser, StatusReports.WithoutClusterOrToken(), "no-cluster-no-token");

        Assert.Equal(StatusReports.NoCluster, await page.Page.Locator("header.page [data-field=cluster-problem]").InnerTextAsync());
        foreach (var environment in Pipeline)
        {
            var card = page.Card(environment);
            await AssertStateAsync(page, environment, "ok");
            Assert.Equal(StatusReports.NoCluster, await Field(card, "cluster-problem"));
            Assert.True(await card.Locator("[data-field=cluster-problem]").IsVisibleAsync(), environment);
            Assert.Equal(0, await card.Locator("[data-field=argo-sync], [data-field=live-version], [data-field=live-pods]").CountAsync());
        }
        Assert.Equal("0.1.0", await Field(page.Card("production"), "desired-tag"));
        Assert.Equal(0, await page.Card("dev").Locator("[data-field=desired-digest]").CountAsync());
        Assert.Equal("no commit changed the tag (the file was written so)", await Field(page.Card("dev"), "set-by"));
        var pulls = page.Page.Locator("[data-section=pull-requests]");
        Assert.Equal(StatusReports.NoToken, await Field(pulls, "pull-requests-problem"));
        Assert.True(await pulls.Locator("[data-field=pull-requests-problem]").IsVisibleAsync());
        Assert.Equal(0, await pulls.Locator("table").CountAsync());
        Assert.Equal($"parity of git's renders not checked: {StatusReports.NoHelm}", await Field(page.Page, "parity"));
        AssertLoadedNothingButItself(page);
    }

    private static async Task AssertStateAsync(RenderedStatusPage page, string environment, string state)
    {
        var card = page.Card(environment);
        Assert.Equal(state, await card.GetAttributeAsync("data-state"));
        Assert.Contains(state, (await card.GetAttributeAsync("class"))!.Split(' '));
        var word = card.Locator("[data-field=state]");
        Assert.True(await word.IsVisibleAsync(), $"{environment}: its state word is not visible");
        Assert.Equal(state, await word.InnerTextAsync(), ignoreCase: true);
    }

    private static Task<string> Field(ILocator scope, string field) => scope.Locator($"[data-field=\"{field}\"]").InnerTextAsync();

    private static Task<string> Field(IPage page, string field) => page.Locator($"[data-field=\"{field}\"]").InnerTextAsync();

    private static Task<string[]> Codes(ILocator scope) => scope.Locator("[data-flag]").EvaluateAllAsync<string[]>("flags => flags.map(f => f.dataset.flag)");

    /// <summary>The page's own file is the only request: no stylesheet, font, image or script from anywhere, the report's texts included.</summary>
    private static void AssertLoadedNothingButItself(RenderedStatusPage page)
    {
        Assert.Contains(page.Url, page.Requests);
        Assert.All(page.Requests, url => Assert.StartsWith("file://", url));
    }
}
