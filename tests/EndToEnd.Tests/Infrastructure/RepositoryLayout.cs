namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where the programs under test were built: the repository root (the folder holding Uptime.sln) and the
/// configuration and target framework of this test assembly's own output folder (…/bin/Debug/net10.0/), so a
/// Release test run starts Release binaries and a developer's Debug run starts Debug ones.
/// </summary>
internal static class RepositoryLayout
{
    private static readonly DirectoryInfo _outputDirectory = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string Root { get; } = FindRoot();

    public static string TargetFramework { get; } = _outputDirectory.Name;

    public static string Configuration { get; } = _outputDirectory.Parent?.Name
        ?? throw new InvalidOperationException($"Cannot tell the build configuration from {AppContext.BaseDirectory}");

    public static string HubDll => Binary("Hub.Silo", "Uptime.Hub.Silo.dll");

    public static string AgentDll => Binary("Validator.Agent", "Uptime.Validator.Agent.dll");

    private static string Binary(string project, string file)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, TargetFramework, file);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} does not exist; build the test project (it builds {project} in {Configuration}) first");
    }

    private static string FindRoot()
    {
        for (var directory = _outputDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Uptime.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Uptime.sln in any parent folder of {AppContext.BaseDirectory}");
    }
}
