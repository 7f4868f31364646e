using Uptime.Agent;
using Uptime.Agent.Configuration;
using Uptime.Agent.Keys;

if (args is [KeygenCommand.Name, .. var keygenArguments])
{
    return KeygenCommand.Run(keygenArguments, Environment.GetEnvironmentVariable(AgentKeyReader.HomeVariable), Console.Out, Console.Error);
}

var builder = Host.CreateApplicationBuilder(args);
if (!AgentOptionsReader.TryRead(builder.Configuration, out var options, out var error))
{
    await Console.Error.WriteLineAsync(error);
    return 2;
}

builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "HH:mm:ss ";
});
builder.Services.AddValidatorAgent(options);

await builder.Build().RunAsync();
return 0;
