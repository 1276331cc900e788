using System.Collections.Concurrent;
using LogForge.Delivery.Status;
using LogForge.Testing;
using Microsoft.Playwright;

namespace LogForge.Delivery.Tests.Status;

/// <summary>
/// A report rendered by <see cref="StatusPage"/>, written to a temporary status.html and opened from file:// as a reader opens the
/// artifact. It records every request the page makes and every dialog it opens, and leaves a full-page screenshot under
/// artifacts/test-results/status-page/ to look at. The context bypasses the page's Content-Security-Policy, so what the tests see of
/// loading and scripts is the markup's doing, not the policy's.
/// </summary>
public sealed class RenderedStatusPage : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _dialogs = new();

    private RenderedStatusPage(DirectoryInfo directory, IBrowserContext context, IPage page, string url)
    {
        _directory = directory;
        _context = context;
        Page = page;
        Url = url;
    }

    public IPage Page { get; }

    /// <summary>The file:// URL of the written page.</summary>
    public string Url { get; }

    public IReadOnlyCollection<string> Requests => _requests;

    public IReadOnlyCollection<string> Dialogs => _dialogs;

    public ILocator Card(string environment) => Page.Locator($"[data-env=\"{environment}\"]");

    public static async Task<RenderedStatusPage> OpenAsync(IBrowser browser, StatusReport report, string name)
    {
        var directory = Directory.CreateTempSubdirectory("logforge-status-page-");
        var file = Path.Combine(directory.FullName, "status.html");
        await File.WriteAllTextAsync(file, StatusPage.Render(report));
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true });
        var rendered = new RenderedStatusPage(directory, context, await context.NewPageAsync(), new Uri(file).AbsoluteUri);
        rendered.Page.Request += (_, request) => rendered._requests.Enqueue(request.Url);
        rendered.Page.Dialog += (_, dialog) =>
        {
            rendered._dialogs.Enqueue(dialog.Message);
            _ = dialog.DismissAsync();
        };
        try
        {
            await rendered.Page.GotoAsync(rendered.Url);
            var screenshot = Path.Combine(RepositoryRoot.Path, "artifacts", "test-results", "status-page", name + ".png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await rendered.Page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            return rendered;
        }
        catch
        {
            await rendered.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
