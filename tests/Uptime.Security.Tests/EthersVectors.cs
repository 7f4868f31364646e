using System.Text.Json;

namespace Uptime.Security.Tests;

/// <summary>Vectors/personal_sign.json, produced by ethers.js v6 (see Vectors/generate.mjs).</summary>
public static class EthersVectors
{
    public sealed record Vector(string PrivateKey, string Address, string Message, string Signature, string Hash);

    private sealed record VectorFile(string Generator, Vector[] Vectors);

    public static IReadOnlyList<Vector> All { get; } = Load();

    public static TheoryData<int> Indexes { get; } = new(Enumerable.Range(0, All.Count));

    private static Vector[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "personal_sign.json");
        var file = JsonSerializer.Deserialize<VectorFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{path} is empty");
        return file.Vectors;
    }
}
