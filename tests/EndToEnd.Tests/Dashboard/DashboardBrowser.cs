using System.Collections.Concurrent;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// Debian's headless Chromium (never a downloaded browser) driven by Playwright, on a new empty profile, with
/// the page's console errors and uncaught exceptions kept for assertions and failure messages.
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser; <c>CHROMIUM_PATH</c> overrides it.</summary>
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Flags without which Chromium reaches out to Google's services at start; on a machine without internet
    /// those connections are refused and slow or break the browser.
    /// </summary>
    private static readonly string[] _arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly DirectoryInfo _profile;
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();

    private DashboardBrowser(IPlaywright playwright, IBrowserContext context, IPage page, DirectoryInfo profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => _pageErrors.Enqueue(error);
    }

    public IPage Page { get; }

    /// <summary>Console errors (Content-Security-Policy violations are reported there too).</summary>
    public IReadOnlyList<string> ConsoleErrors => [.. _consoleErrors];

    /// <summary>Uncaught exceptions of the page's scripts.</summary>
    public IReadOnlyList<string> PageErrors => [.. _pageErrors];

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path
        ? path
        : DefaultChromiumPath;

    /// <summary>Starts Chromium with a 1440×900 dark-scheme page; fails (never skips) when Chromium is missing.</summary>
    public static async Task<DashboardBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new XunitException(
                $"Chromium is not installed at {ChromiumPath}: the dashboard test drives Debian's headless Chromium. " +
                "Install it with `apt-get install -y chromium` (./uptime.sh test does so when run as root), " +
                "or point CHROMIUM_PATH at a Chromium binary.");
        }

        var profile = Directory.CreateTempSubdirectory("uptime-chromium-");
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = _arguments,
                ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
                ColorScheme = ColorScheme.Dark,
                Locale = "en-US",
                TimezoneId = "UTC",
                Timeout = (float)DefaultTimeout.TotalMilliseconds,
            });
            context.SetDefaultTimeout((float)DefaultTimeout.TotalMilliseconds);
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            return new DashboardBrowser(playwright, context, page, profile);
        }
        catch (PlaywrightException e)
        {
            playwright?.Dispose();
            TryDelete(profile);
            throw new XunitException($"Could not start {ChromiumPath} through Playwright: {e.Message}");
        }
    }

    /// <summary>
    /// Starts Chromium on <paramref name="hub"/>'s dashboard logged in with the admin key; fails with what the browser and
    /// the hub show when the page or the login does not work.
    /// </summary>
    public static async Task<DashboardBrowser> LaunchLoggedInAsync(HubProcess hub)
    {
        var browser = await LaunchAsync();
        try
        {
            await browser.OpenAsync(hub);
            await browser.LogInAsync(HubProcess.AdminKey);
            return browser;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            var failure = browser.Failure(e, hub);
            await browser.DisposeAsync();
            throw failure;
        }
    }

    /// <summary>Opens <paramref name="hub"/>'s dashboard.</summary>
    public Task<IResponse?> OpenAsync(HubProcess hub) => Page.GotoAsync($"http://127.0.0.1:{hub.Port}/");

    /// <summary>A test failure from a browser step's <paramref name="error"/>, with what the browser and the hub show.</summary>
    public XunitException Failure(Exception error, HubProcess hub) => new($"{error.Message}{Describe()}{hub.Diagnostics}", error);

    /// <summary>The console errors and uncaught exceptions seen so far, for failure messages.</summary>
    public string Describe()
    {
        var lines = new List<string>();
        lines.AddRange(_pageErrors.Select(e => "uncaught: " + e));
        lines.AddRange(_consoleErrors.Select(e => "console error: " + e));
        return lines.Count == 0
            ? "\n--- browser: no console error ---"
            : "\n--- browser ---\n" + string.Join('\n', lines) + "\n--- end of browser ---";
    }

    /// <summary>Logs in through the page's login form with <paramref name="key"/>, opening it from the top bar unless it is shown already.</summary>
    public async Task LogInAsync(string key)
    {
        var form = Page.Locator("#login-form");
        if (!await form.IsVisibleAsync())
        {
            await Page.Locator("#login-open").ClickAsync();
        }

        await form.GetByLabel("Admin key").FillAsync(key);
        await form.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#logout")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#login")).ToBeHiddenAsync();
    }

    /// <summary>A full-page screenshot at <paramref name="path"/> (folders created).</summary>
    public async Task<string> ScreenshotAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _context.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // The browser is gone already.
        }

        _playwright.Dispose();
        TryDelete(_profile);
    }

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile while it exits; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
