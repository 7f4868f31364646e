using Microsoft.Extensions.Options;
using Uptime.Agent;
using Uptime.Agent.Configuration;
using Uptime.Agent.Keys;
using Uptime.Settings;

if (args is [KeygenCommand.Name, .. var keygenArguments])
{
    return KeygenCommand.Run(keygenArguments, Environment.GetEnvironmentVariable(AgentKeyReader.HomeVariable), Console.Out, Console.Error);
}

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "HH:mm:ss ";
});
builder.Services.AddAgentOptions();
builder.Services.AddValidatorAgent();
var host = builder.Build();
try
{
    // Before anything starts, so a bad setting is one line on standard error and exit code 2.
    host.Services.GetRequiredService<IStartupValidator>().Validate();
}
catch (Exception e) when (EnvironmentSettings.ProblemOf(e) is { } problem)
{
    await Console.Error.WriteLineAsync(problem);
    return 2;
}

await host.RunAsync();
return 0;
