using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Uptime.Hub.Notifications;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>Sending logs no secret: the HTTP client logs nothing of the request (its URL holds tokens), even at Trace.</summary>
public sealed class ChannelLoggingTests
{
    [Theory]
    [MemberData(nameof(ChannelAnswerTests.HttpTypes), MemberType = typeof(ChannelAnswerTests))]
    public async Task SendAsync_EveryLogLevel_NoSecretLogged(string type)
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = Receiver.Status(500, "down");
        var logs = new RecordingLoggerProvider();
        var services = Samples.ChannelServices()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .BuildServiceProvider();
        var channel = services.GetRequiredService<NotificationChannels>().Find(type)!;
        var settings = ChannelAnswerTests.Settings(type, receiver.Url);

        await channel.SendAsync(settings, Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.NotEmpty(receiver.Requests);
        foreach (var secret in channel.SecretFields)
        {
            var value = settings[secret]!.GetValue<string>();
            var hidden = Uri.TryCreate(value, UriKind.Absolute, out var url) ? url.AbsolutePath : value;
            Assert.DoesNotContain(logs.Messages, m => m.Contains(hidden, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SendAsync_ReceiverSlowerThanTheClientTimeout_Retried()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        var services = Samples.ChannelServices();
        services.AddHttpClient("notifications", client => client.Timeout = TimeSpan.FromSeconds(1));
        var channel = services.BuildServiceProvider().GetRequiredService<NotificationChannels>().Find("webhook")!;

        var result = await channel.SendAsync(ChannelAnswerTests.Settings("webhook", receiver.Url), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, false, null as int?), (result.Delivered, result.Permanent, result.Status));
        Assert.Contains("did not answer within 1 s", result.Error, StringComparison.Ordinal);
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(RecordingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider._messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
