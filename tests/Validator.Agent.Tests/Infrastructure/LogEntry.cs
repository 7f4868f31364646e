using Microsoft.Extensions.Logging;

namespace Uptime.Agent.Tests.Infrastructure;

internal sealed record LogEntry(string Category, LogLevel Level, string Message);
