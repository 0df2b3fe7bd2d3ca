using Microsoft.Playwright;

namespace Recurrent.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless and driven by Playwright, for the tests that open the pages and charts the program writes:
/// a scratch folder for the files, pages opened with every http(s) request aborted (and noted), and the errors they log.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowserContext browser;

    private HeadlessChromium(string folder, IPlaywright playwright, IBrowserContext browser)
    {
        Folder = folder;
        this.playwright = playwright;
        this.browser = browser;
    }

    /// <summary>The scratch folder for the files to open, deleted on dispose.</summary>
    public string Folder { get; }

    /// <summary>Console errors and uncaught exceptions of every page opened.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>The http(s) requests the pages tried and were refused.</summary>
    public List<string> BlockedRequests { get; } = [];

    /// <summary>Starts Chromium with a new, empty profile in a new scratch folder named after <paramref name="purpose"/>.</summary>
    public static async Task<HeadlessChromium> StartAsync(string purpose)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install it with `apt-get install -y chromium` (.ci/run does).");
        string folder = Path.Combine(Path.GetTempPath(), $"recurrent-{purpose}-browser-" + Guid.NewGuid().ToString("N"));
        string profile = Path.Combine(folder, "profile");
        Directory.CreateDirectory(profile);
        var playwright = await Playwright.CreateAsync();
        // The flags this machine's Chromium needs to start without reaching for the network (machines/dotnet.md); the new,
        // empty profile is Playwright's userDataDir, which it passes as --user-data-dir.
        var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new HeadlessChromium(folder, playwright, browser);
    }

    /// <summary>Opens the file at <paramref name="path"/> once it has loaded, with every http(s) request aborted (and noted).</summary>
    public async Task<IPage> Open(string path)
    {
        var page = await browser.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") Errors.Add(message.Text);
        };
        page.PageError += (_, error) => Errors.Add(error);
        await page.RouteAsync(url => url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal),
            async route =>
            {
                BlockedRequests.Add(route.Request.Url);
                await route.AbortAsync();
            });
        await page.GotoAsync(new Uri(path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
