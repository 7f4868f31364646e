using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Uptime.Hub.Database;

namespace Uptime.Hub.Tests.Database;

public sealed class LastAnswersTests
{
    private readonly FakeTimeProvider _time = new(new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc));
    private readonly LastAnswers<int, string> _answers;
    private readonly DefaultHttpContext _context = new();

    public LastAnswersTests() => _answers = new(_time);

    [Fact]
    public async Task Read_DatabaseAvailable_FreshAnswerNotMarked()
    {
        Assert.Equal("fresh", await _answers.ReadAsync(1, () => Task.FromResult("fresh"), _context.Response));

        Assert.False(_context.Response.Headers.ContainsKey(LastAnswers<int, string>.StaleHeader));
    }

    [Fact]
    public async Task Read_DatabaseUnavailable_LastAnswerForTheKeyMarkedStaleAsOfItsTime()
    {
        await _answers.ReadAsync(1, () => Task.FromResult("page 1"), _context.Response);
        _time.Advance(TimeSpan.FromSeconds(30));

        var answer = await _answers.ReadAsync(1, () => Task.FromException<string>(Unavailable()), _context.Response);

        Assert.Equal("page 1", answer);
        Assert.Equal("database unavailable; answer as of 2026-12-07T08:00:00.0000000Z", _context.Response.Headers[LastAnswers<int, string>.StaleHeader]);
    }

    [Fact]
    public async Task Read_DatabaseUnavailableAndNothingKeptForTheKey_FailureGoesOn()
    {
        await _answers.ReadAsync(1, () => Task.FromResult("page 1"), _context.Response);

        await Assert.ThrowsAsync<NpgsqlException>(() => _answers.ReadAsync(2, () => Task.FromException<string>(Unavailable()), _context.Response));
    }

    [Fact]
    public async Task Read_OtherFailure_NotAnsweredFromWhatIsKept()
    {
        await _answers.ReadAsync(1, () => Task.FromResult("page 1"), _context.Response);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _answers.ReadAsync(1, () => Task.FromException<string>(new InvalidOperationException("bug")), _context.Response));
    }

    [Fact]
    public async Task Read_MoreKeysThanTheCapacity_OldestDropped()
    {
        for (var key = 0; key <= LastAnswers<int, string>.Capacity; key++)
        {
            await _answers.ReadAsync(key, () => Task.FromResult($"page {key}"), _context.Response);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await Assert.ThrowsAsync<NpgsqlException>(() => _answers.ReadAsync(0, () => Task.FromException<string>(Unavailable()), _context.Response));
        Assert.Equal("page 1", await _answers.ReadAsync(1, () => Task.FromException<string>(Unavailable()), _context.Response));
    }

    private static NpgsqlException Unavailable() => new("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
}
