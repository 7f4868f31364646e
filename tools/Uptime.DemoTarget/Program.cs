// A tiny local website for demos and tests, so the monitor has something to check on a machine without
// internet: /ok answers 200, /slow answers 200 after a delay, /flaky fails with 500 about a third of the
// time, /down always answers 503, /status/{code} answers that code.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapGet("/ok", () => Results.Text("ok\n"));
app.MapGet("/slow", async () =>
{
    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(200, 800)));
    return Results.Text("slow but ok\n");
});
app.MapGet("/flaky", () => Random.Shared.Next(3) == 0 ? Results.StatusCode(500) : Results.Text("ok this time\n"));
app.MapGet("/down", () => Results.StatusCode(503));
app.MapGet("/status/{code:int:range(100,599)}", (int code) => Results.StatusCode(code));

app.Run();
