using System.Net.Sockets;

namespace Uptime.Agent.Tests;

public sealed class ExceptionMessagesTests
{
    [Fact]
    public void Describe_InnerMessageRepeated_KeepsOuterOnly()
    {
        var exception = new HttpRequestException("Connection refused (127.0.0.1:1234)", new SocketException((int)SocketError.ConnectionRefused, "Connection refused"));

        Assert.Equal("Connection refused (127.0.0.1:1234)", ExceptionMessages.Describe(exception));
    }

    [Fact]
    public void Describe_OuterIsPlaceholder_UsesInner()
    {
        var exception = new HttpRequestException(
            "The SSL connection could not be established, see inner exception.",
            new InvalidOperationException("The remote certificate is invalid"));

        Assert.Equal("The remote certificate is invalid", ExceptionMessages.Describe(exception));
    }

    [Fact]
    public void Describe_DistinctMessages_JoinsOuterFirst()
    {
        var exception = new InvalidOperationException("Unable to connect to the remote server.", new IOException("Connection refused (hub:8080)"));

        Assert.Equal("Unable to connect to the remote server: Connection refused (hub:8080)", ExceptionMessages.Describe(exception));
    }
}
