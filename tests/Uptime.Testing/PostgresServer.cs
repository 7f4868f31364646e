using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Uptime.Testing;

/// <summary>
/// A private, throw-away PostgreSQL server started from the machine's binaries: its own data
/// directory in a fresh temporary folder, listening on 127.0.0.1 on a free port, trust
/// authentication, durability switched off for speed. Dispose it to stop it and delete the folder.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private const string MissingBinariesMessage =
        "PostgreSQL server binaries not found: apt-get install postgresql";

    private static readonly TimeSpan _initDbTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binDirectory;
    private readonly string _rootDirectory;
    private readonly string _dataDirectory;
    private readonly string _logFile;
    private readonly bool _runAsPostgresUser;
    private readonly SemaphoreSlim _lifecycleLock = new(1, 1);
    private int _databaseCounter;
    private bool _running;
    private bool _disposed;

    private PostgresServer(string binDirectory, string rootDirectory, bool runAsPostgresUser)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        _dataDirectory = Path.Combine(rootDirectory, "data");
        SocketDirectory = Path.Combine(rootDirectory, "sock");
        _logFile = Path.Combine(rootDirectory, "server.log");
        _runAsPostgresUser = runAsPostgresUser;
    }

    /// <summary>The TCP port on 127.0.0.1 (kept across <see cref="StopAsync"/> / <see cref="StartAgainAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>The folder holding the server's Unix socket.</summary>
    public string SocketDirectory { get; }

    /// <summary>Connection string for the superuser <c>postgres</c> to the database <c>postgres</c>.</summary>
    public string ConnectionString => BuildConnectionString("postgres");

    /// <summary>Whether the server is currently running.</summary>
    public bool IsRunning => _running;

    /// <summary>
    /// Creates a data directory with initdb and starts a server on a free port.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory();
        var runAsPostgresUser = IsRoot();

        // When root, the server runs as the postgres user, which must reach the folder: use /tmp
        // (world-traversable) rather than a TMPDIR that might sit under /root.
        var tempBase = runAsPostgresUser ? "/tmp" : Path.GetTempPath();
        var root = Path.Combine(tempBase, "uptime-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var server = new PostgresServer(binDirectory, root, runAsPostgresUser);
        try
        {
            await server.InitializeAsync(cancellationToken).ConfigureAwait(false);
            await server.StartWithFreePortAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Creates a new, empty database and returns a connection string to it.
    /// </summary>
    /// <param name="name">Lower-case identifier; a unique name is chosen when null.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        name ??= string.Create(
            CultureInfo.InvariantCulture,
            $"test_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid().ToString("N")[..8]}");
        if (!DatabaseNameRegex().IsMatch(name))
        {
            throw new ArgumentException(
                $"Database name '{name}' must match {DatabaseNameRegex()}.", nameof(name));
        }

        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using (dataSource.ConfigureAwait(false))
        {
            var command = dataSource.CreateCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'");
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return BuildConnectionString(name);
    }

    /// <summary>
    /// Stops the server (<c>pg_ctl stop -m fast</c>): open connections are terminated at once and new
    /// ones are refused, as in an outage, but committed data is kept (an immediate stop could lose
    /// the last commits, since the server runs with synchronous_commit = off). The data directory and
    /// the port are kept for <see cref="StartAgainAsync"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycleLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopCoreAsync("fast", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycleLock.Release();
        }
    }

    /// <summary>
    /// Starts the stopped server again on the same port with the same data.
    /// </summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycleLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_running)
            {
                return;
            }

            var (ok, output) = await TryStartAsync(cancellationToken).ConfigureAwait(false);
            if (!ok)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL did not start again on port {Port}.\n{output}\n{ReadLog()}");
            }
        }
        finally
        {
            _lifecycleLock.Release();
        }
    }

    /// <summary>Stops the server (immediate mode) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _lifecycleLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync("immediate", CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Best effort: a server that cannot be stopped must not hide the test's own outcome.
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            _lifecycleLock.Release();
            _lifecycleLock.Dispose();
        }

        try
        {
            if (Directory.Exists(_rootDirectory))
            {
                Directory.Delete(_rootDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The server log so far (for diagnostics).</summary>
    public string ReadLog()
    {
        try
        {
            return File.Exists(_logFile)
                ? "--- PostgreSQL log (" + _logFile + ") ---\n" + File.ReadAllText(_logFile)
                : "(no server log at " + _logFile + ")";
        }
        catch (IOException exception)
        {
            return "(server log unreadable: " + exception.Message + ")";
        }
    }

    private string BuildConnectionString(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Database = database,
            Timeout = 15,
            IncludeErrorDetail = true,
        };
        return builder.ConnectionString;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_rootDirectory);
        Directory.CreateDirectory(SocketDirectory);
        if (_runAsPostgresUser)
        {
            var chown = await RunAsync(
                "chown", ["-R", SuperUser + ":", _rootDirectory], asPostgres: false, _initDbTimeout, cancellationToken)
                .ConfigureAwait(false);
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"Could not hand {_rootDirectory} to the '{SuperUser}' user (initdb refuses to run as root); "
                    + $"does the user exist?\n{chown.Output}");
            }
        }

        var initDb = await RunAsync(
            Path.Combine(_binDirectory, "initdb"),
            ["-D", _dataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"],
            _runAsPostgresUser,
            _initDbTimeout,
            cancellationToken).ConfigureAwait(false);
        if (initDb.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed (exit code {initDb.ExitCode}).\n{initDb.Output}");
        }

        // Appending keeps the file's owner (the postgres user when running as root).
        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# Uptime.Testing: private throw-away test server")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{SocketDirectory}'")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("max_connections = 200")
            .AppendLine("shared_buffers = 32MB")
            .AppendLine("timezone = 'UTC'")
            .AppendLine("log_min_messages = warning")
            .ToString();
        await File.AppendAllTextAsync(Path.Combine(_dataDirectory, "postgresql.conf"), settings, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task StartWithFreePortAsync(CancellationToken cancellationToken)
    {
        // The free port is found by binding port 0 and releasing it; another process may take it
        // in between, so retry with a new port when the server cannot bind.
        const int Attempts = 4;
        var failures = new StringBuilder();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            Port = GetFreePort();
            var (ok, output) = await TryStartAsync(cancellationToken).ConfigureAwait(false);
            if (ok)
            {
                AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
                return;
            }

            var log = ReadLog();
            failures.AppendLine(CultureInfo.InvariantCulture, $"Attempt {attempt} on port {Port}:").AppendLine(output);
            if (!log.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                && !log.Contains("already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"PostgreSQL failed to start.\n{failures}\n{log}");
            }
        }

        throw new InvalidOperationException($"PostgreSQL failed to start (no free port).\n{failures}\n{ReadLog()}");
    }

    private async Task<(bool Ok, string Output)> TryStartAsync(CancellationToken cancellationToken)
    {
        var timeoutSeconds = ((int)_startTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var result = await RunAsync(
            Path.Combine(_binDirectory, "pg_ctl"),
            [
                "-D", _dataDirectory,
                "-l", _logFile,
                "-o", "-p " + Port.ToString(CultureInfo.InvariantCulture),
                "-w", "-t", timeoutSeconds,
                "start",
            ],
            _runAsPostgresUser,
            _startTimeout + TimeSpan.FromSeconds(15),
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            // pg_ctl may have launched a postmaster that is still coming up; make sure it is gone.
            await RunStopAsync("immediate", cancellationToken).ConfigureAwait(false);
            return (false, $"pg_ctl start exited with {result.ExitCode}:\n{result.Output}");
        }

        _running = true;
        return (true, result.Output);
    }

    private async Task StopCoreAsync(string mode, CancellationToken cancellationToken)
    {
        if (!_running)
        {
            return;
        }

        var result = await RunStopAsync(mode, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
        {
            throw new InvalidOperationException(
                $"pg_ctl stop exited with {result.ExitCode}:\n{result.Output}\n{ReadLog()}");
        }

        _running = false;
    }

    private Task<ProcessResult> RunStopAsync(string mode, CancellationToken cancellationToken) =>
        RunAsync(
            Path.Combine(_binDirectory, "pg_ctl"),
            ["-D", _dataDirectory, "-m", mode, "-w", "-t", "30", "stop"],
            _runAsPostgresUser,
            _stopTimeout,
            cancellationToken);

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // The test host is exiting without having disposed the server: do not leave it running.
        if (_running)
        {
            try
            {
                RunStopAsync("immediate", CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool IsRoot() =>
        !OperatingSystem.IsWindows() && string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    private static string FindBinDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable("UPTIME_PG_BIN");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return HasServerBinaries(overridden)
                ? overridden
                : throw new InvalidOperationException(
                    $"UPTIME_PG_BIN={overridden} does not contain initdb, pg_ctl and postgres. {MissingBinariesMessage}");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var entry in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initDb = Path.Combine(entry, "initdb");
            if (!File.Exists(initDb))
            {
                continue;
            }

            // Debian puts symlinks on PATH; pg_ctl and postgres live next to the real initdb.
            var target = File.ResolveLinkTarget(initDb, returnFinalTarget: true)?.FullName ?? initDb;
            var directory = Path.GetDirectoryName(target);
            if (directory is not null && HasServerBinaries(directory))
            {
                return directory;
            }

            if (HasServerBinaries(entry))
            {
                return entry;
            }
        }

        const string DebianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(DebianRoot))
        {
            var newest = Directory.GetDirectories(DebianRoot)
                .Select(d => (Directory: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
                .Where(c => HasServerBinaries(c.Directory))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Directory)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        throw new InvalidOperationException(MissingBinariesMessage);
    }

    private static Version ParseVersion(string text) =>
        Version.TryParse(text.Contains('.', StringComparison.Ordinal) ? text : text + ".0", out var version)
            ? version
            : new Version(0, 0);

    private static bool HasServerBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "initdb"))
        && File.Exists(Path.Combine(directory, "pg_ctl"))
        && File.Exists(Path.Combine(directory, "postgres"));

    private static async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        bool asPostgres,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // The postgres user cannot enter root's current directory; start it somewhere neutral.
            WorkingDirectory = "/",
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", SuperUser, "--", fileName })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LC_ALL"] = "C";

        var commandLine = string.Join(' ', new[] { startInfo.FileName }.Concat(startInfo.ArgumentList));
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not run '{commandLine}': {exception.Message}", exception);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            throw new InvalidOperationException($"'{commandLine}' did not finish within {timeout.TotalSeconds:0} s.");
        }

        var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
        return new ProcessResult(process.ExitCode, $"$ {commandLine}\n{output}");
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseNameRegex();

    private readonly record struct ProcessResult(int ExitCode, string Output);
}
