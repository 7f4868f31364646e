using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Uptime.Testing;

/// <summary>
/// An authoritative DNS server for tests, written by hand on UDP at 127.0.0.1 (a free port): it answers the question of
/// each query from the records added with <see cref="Add"/> (A, AAAA, CNAME, MX, TXT), NOERROR with no answer for a known
/// name without records of the type asked, NXDOMAIN for an unknown name, the code given to <see cref="FailWith"/> for such a
/// name, and nothing at all for a name given to <see cref="Ignore"/>. Records every question it received.
/// </summary>
public sealed class DnsTestServer : IAsyncDisposable
{
    public const ushort A = 1;
    public const ushort Cname = 5;
    public const ushort Mx = 15;
    public const ushort Txt = 16;
    public const ushort Aaaa = 28;
    public const byte ServerFailure = 2;

    private const ushort InternetClass = 1;
    private const int HeaderLength = 12;

    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly ConcurrentDictionary<string, List<(ushort Type, byte[] Data)>> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _ignored = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string Name, ushort Type)> _questions = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;

    private DnsTestServer() => _serving = ServeAsync();

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>"127.0.0.1:port", as a DNS check's <c>server</c>.</summary>
    public string Server => EndPoint.ToString();

    public IReadOnlyCollection<(string Name, ushort Type)> Questions => _questions;

    public static DnsTestServer Start() => new();

    public DnsTestServer Add(string name, ushort type, string value)
    {
        _records.GetOrAdd(name, _ => []).Add((type, Data(type, value)));
        return this;
    }

    public DnsTestServer FailWith(string name, byte responseCode)
    {
        _failures[name] = responseCode;
        return this;
    }

    public DnsTestServer Ignore(string name)
    {
        _ignored[name] = true;
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _udp.Dispose();
        await _serving;
        _stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var query = await _udp.ReceiveAsync(_stopping.Token);
                if (Answer(query.Buffer) is { } answer)
                {
                    await _udp.SendAsync(answer, query.RemoteEndPoint, _stopping.Token);
                }
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Stopped by the test.
        }
    }

    /// <summary>The response to <paramref name="query"/>: its header's id and flags, its question, the answers (names as a pointer to the question's).</summary>
    private byte[]? Answer(byte[] query)
    {
        var (name, questionEnd) = ReadName(query, HeaderLength);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(questionEnd));
        questionEnd += 4;
        _questions.Enqueue((name, type));
        if (_ignored.ContainsKey(name))
        {
            return null;
        }

        var known = _records.TryGetValue(name, out var records);
        var answers = known ? records!.Where(record => record.Type == type).ToList() : [];
        var code = _failures.TryGetValue(name, out var failure) ? failure : known ? (byte)0 : (byte)3;
        var response = new List<byte>(query[..questionEnd]);
        var queryFlags = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(2));

        // QR, the query's opcode and RD, AA and RA, the response code; one question, the answers, no other records.
        var flags = (ushort)(0x8000 | (queryFlags & 0x7900) | 0x0400 | 0x0080 | (code == 0 ? 0 : code));
        Write(response, 2, flags);
        Write(response, 4, 1);
        Write(response, 6, (ushort)(code == 0 ? answers.Count : 0));
        Write(response, 8, 0);
        Write(response, 10, 0);
        if (code != 0)
        {
            return [.. response];
        }

        foreach (var (recordType, data) in answers)
        {
            response.AddRange([0xc0, HeaderLength]);
            response.AddRange(Bytes(recordType));
            response.AddRange(Bytes(InternetClass));
            response.AddRange([0, 0, 0, 60]);
            response.AddRange(Bytes((ushort)data.Length));
            response.AddRange(data);
        }

        return [.. response];
    }

    private static byte[] Data(ushort type, string value) => type switch
    {
        A or Aaaa => IPAddress.Parse(value).GetAddressBytes(),
        Cname => EncodeName(value),
        Mx when value.Split(' ') is [var preference, var host] => [.. Bytes(ushort.Parse(preference)), .. EncodeName(host)],

        // TXT: character-strings separated by "|" in the test's value.
        Txt => [.. value.Split('|').SelectMany(part => (byte[])[(byte)Encoding.UTF8.GetByteCount(part), .. Encoding.UTF8.GetBytes(part)])],
        _ => throw new ArgumentException($"record type {type} is not served by this test server", nameof(type)),
    };

    private static (string Name, int End) ReadName(byte[] message, int offset)
    {
        var labels = new List<string>();
        while (message[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(message, offset + 1, message[offset]));
            offset += message[offset] + 1;
        }

        return (string.Join('.', labels), offset + 1);
    }

    private static byte[] EncodeName(string name) =>
        [.. name.TrimEnd('.').Split('.').SelectMany(label => (byte[])[(byte)label.Length, .. Encoding.ASCII.GetBytes(label)]), 0];

    private static byte[] Bytes(ushort value) => [(byte)(value >> 8), (byte)value];

    private static void Write(List<byte> message, int offset, ushort value)
    {
        message[offset] = (byte)(value >> 8);
        message[offset + 1] = (byte)value;
    }
}
