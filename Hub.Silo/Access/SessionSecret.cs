using Npgsql;
using Uptime.Hub.Database;

namespace Uptime.Hub.Access;

/// <summary>
/// The session-signing secret shared by all silos (one of the <see cref="HubSecrets"/>). Loaded once, on first use.
/// </summary>
public sealed class SessionSecret(NpgsqlDataSource dataSource)
{
    public const string Name = "session_hmac";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private SessionTokens? _tokens;

    public async Task<SessionTokens> GetTokensAsync(CancellationToken cancellationToken)
    {
        if (_tokens is { } tokens)
        {
            return tokens;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _tokens ??= new SessionTokens(await LoadOrCreateAsync(dataSource, cancellationToken));
        }
        finally
        {
            _loading.Release();
        }
    }

    public static Task<byte[]> LoadOrCreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        HubSecrets.LoadOrCreateAsync(dataSource, Name, cancellationToken);
}
