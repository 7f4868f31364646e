using System.Net;

namespace Uptime.Security.Tests;

public class TargetAddressPolicyTests
{
    [Theory]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("0.1.2.3", "this network")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.100.100.200", "carrier-grade NAT")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("169.254.0.1", "link-local")]
    [InlineData("169.254.169.254", "cloud metadata")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("192.168.255.255", "private")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("198.19.255.255", "benchmarking")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.254", "reserved")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fc00::1", "unique local")]
    [InlineData("fd12:3456:789a::1", "unique local")]
    [InlineData("fd00:ec2::254", "cloud metadata")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf:ffff::1", "link-local")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("feff::1", "site-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("ff0e::101", "multicast")]
    [InlineData("64:ff9b:1::a00:1", "local-use NAT64")]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped form of 10.0.0.1, a private")]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped form of 127.0.0.1, a loopback")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped form of 169.254.169.254, a cloud metadata")]
    [InlineData("::127.0.0.1", "IPv4-compatible form of 127.0.0.1, a loopback")]
    [InlineData("::2", "IPv4-compatible form of 0.0.0.2")]
    [InlineData("64:ff9b::7f00:1", "NAT64 form of 127.0.0.1, a loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64 form of 169.254.169.254, a cloud metadata")]
    [InlineData("2002:7f00:1::", "6to4 form of 127.0.0.1, a loopback")]
    [InlineData("2002:c0a8:101::1", "6to4 form of 192.168.1.1, a private")]
    [InlineData("2002:a9fe:a9fe:1234::1", "6to4 form of 169.254.169.254")]
    public void RefusedAddress_HasReasonNamingAddressAndRange(string address, string reason)
    {
        var refusal = TargetAddressPolicy.RefusalReason(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.StartsWith(IPAddress.Parse(address) + " is ", refusal, StringComparison.Ordinal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("169.255.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("fbff:ffff::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void PublicAddress_IsAllowed(string address)
    {
        Assert.Null(TargetAddressPolicy.RefusalReason(IPAddress.Parse(address)));
    }
}
