using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>Schema checks of a received JSON body: a required property of a given JSON type.</summary>
internal static class Json
{
    public static string Text(JsonNode? node, string name) => Required(node, name, JsonValueKind.String).GetValue<string>();

    public static JsonArray Array(JsonNode? node, string name) => Required(node, name, JsonValueKind.Array).AsArray();

    public static JsonObject Object(JsonNode? node, string name) => Required(node, name, JsonValueKind.Object).AsObject();

    public static bool Bool(JsonNode? node, string name)
    {
        var value = Assert.IsAssignableFrom<JsonNode>(Assert.IsAssignableFrom<JsonObject>(node)[name]);
        Assert.Contains(value.GetValueKind(), new[] { JsonValueKind.True, JsonValueKind.False });
        return value.GetValue<bool>();
    }

    public static long Number(JsonNode? node, string name) => Required(node, name, JsonValueKind.Number).GetValue<long>();

    private static JsonNode Required(JsonNode? node, string name, JsonValueKind kind)
    {
        var value = Assert.IsAssignableFrom<JsonObject>(node)[name];
        Assert.True(value is not null, $"\"{name}\" is missing in {node!.ToJsonString()}");
        Assert.True(value.GetValueKind() == kind, $"\"{name}\" is {value.GetValueKind()}, not {kind}, in {node.ToJsonString()}");
        return value;
    }
}
