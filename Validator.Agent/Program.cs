using Uptime.Agent;
using Uptime.Agent.Configuration;

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
