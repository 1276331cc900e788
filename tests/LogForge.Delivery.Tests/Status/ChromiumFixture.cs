using Microsoft.Playwright;

namespace LogForge.Delivery.Tests.Status;

/// <summary>
/// Debian's chromium driven by Playwright, one browser for a test class (each test opens its own context). The browser is the system's
/// (/usr/bin/chromium, .ci/run installs it): Playwright's own builds are a download this machine does not make.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: apt-get install chromium (.ci/run does)");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
