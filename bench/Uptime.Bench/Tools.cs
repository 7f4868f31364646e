using System.Diagnostics;
using System.Net;
using Uptime.Security;

namespace Uptime.Bench;

/// <summary>Where the programs the benchmark starts are.</summary>
internal static class Tools
{
    private static readonly Lazy<string> _repositoryRoot = new(FindRepositoryRoot);

    public static string RepositoryRoot => _repositoryRoot.Value;

    public static string Configuration =>
        Environment.GetEnvironmentVariable("CONFIGURATION") is { Length: > 0 } configuration ? configuration : "Release";

    public static string HubDll => Output("Hub.Silo", "Uptime.Hub.Silo.dll");

    public static string AgentDll => Output("Validator.Agent", "Uptime.Validator.Agent.dll");

    public static string Nginx => Find("nginx", "/usr/sbin/nginx")
        ?? throw new InvalidOperationException("nginx not found: apt-get install nginx");

    public static string? Wrk => Find("wrk", "/usr/bin/wrk");

    public static string Dotnet => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
        ? path
        : Find("dotnet", "/usr/bin/dotnet") ?? "dotnet";

    /// <summary>The current commit (short) and whether the work tree has changes, for the report.</summary>
    public static string Commit()
    {
        try
        {
            var head = Run("git", "-C", RepositoryRoot, "rev-parse", "--short", "HEAD").Trim();
            var dirty = Run("git", "-C", RepositoryRoot, "status", "--porcelain", "--untracked-files=no").Trim().Length > 0;
            return dirty ? head + " (with uncommitted changes)" : head;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    public static string Machine()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                ?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores ({cpu}), {memoryGiB:0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }

    public static string Run(string fileName, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not run {fileName}");
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}");
    }

    private static string Output(string project, string dll)
    {
        var path = Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} not found: build first (./uptime.sh bench does)");
    }

    private static string? Find(string name, string usual)
    {
        if (File.Exists(usual))
        {
            return usual;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Uptime.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Uptime.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Small HTTP helpers.</summary>
internal static class Http
{
    /// <summary>The admin key of this run; the hub is given only its hash.</summary>
    public static string AdminKey { get; } = Nonce.Create();

    /// <summary>A client of the hub's API that sends the run's admin key.</summary>
    public static HttpClient CreateClient(int maxConnections = 32) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestHeaders = { Authorization = new("Bearer", AdminKey) },
        };

    /// <summary>Polls <paramref name="url"/> until it answers 2xx (or anything, with <paramref name="acceptAnyStatus"/>).</summary>
    public static async Task WaitForAsync(string url, TimeSpan timeout, bool acceptAnyStatus, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < timeout)
        {
            try
            {
                using var response = await client.GetAsync(url, cancellationToken);
                if (acceptAnyStatus || response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "timeout";
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"{url} did not answer within {timeout.TotalSeconds:0} s ({last})");
    }

    public static async Task<string> GetStringAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(url, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {url}: HTTP {(int)response.StatusCode}");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
