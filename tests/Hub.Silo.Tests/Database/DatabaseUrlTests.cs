using Npgsql;
using Uptime.Hub.Database;

namespace Uptime.Hub.Tests.Database;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void ToConnectionString_SpecUrl_EveryPartMapped()
    {
        var builder = Parse("postgresql://user:password@localhost:5432/uptime_db");

        Assert.Equal("localhost", builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Equal("uptime_db", builder.Database);
        Assert.Equal("user", builder.Username);
        Assert.Equal("password", builder.Password);
        Assert.Equal(SslMode.Prefer, builder.SslMode);
    }

    [Fact]
    public void ToConnectionString_PostgresSchemeAlias_SameAsPostgresql()
    {
        Assert.Equal(
            DatabaseUrl.ToConnectionString("postgresql://user:password@db.internal:6543/uptime_db"),
            DatabaseUrl.ToConnectionString("postgres://user:password@db.internal:6543/uptime_db"));
    }

    [Fact]
    public void ToConnectionString_UpperCaseScheme_ReadAsUrl()
    {
        Assert.Equal("uptime_db", Parse("POSTGRESQL://user:password@localhost/uptime_db").Database);
    }

    [Fact]
    public void ToConnectionString_NoPort_DefaultPort5432()
    {
        var builder = Parse("postgresql://user:password@localhost/uptime_db");

        Assert.Equal(5432, builder.Port);
    }

    [Fact]
    public void ToConnectionString_OtherPort_PortKept()
    {
        Assert.Equal(6543, Parse("postgresql://user:password@localhost:6543/uptime_db").Port);
    }

    [Fact]
    public void ToConnectionString_PercentEncodedUserAndPassword_Decoded()
    {
        var builder = Parse("postgresql://app%40corp:p%40ss%3Aw%2Frd%25@localhost:5432/uptime_db");

        Assert.Equal("app@corp", builder.Username);
        Assert.Equal("p@ss:w/rd%", builder.Password);
        Assert.Equal("localhost", builder.Host);
    }

    [Fact]
    public void ToConnectionString_NoUserInfo_NoUsernameOrPassword()
    {
        var builder = Parse("postgresql://localhost/uptime_db");

        Assert.Null(builder.Username);
        Assert.Null(builder.Password);
    }

    [Fact]
    public void ToConnectionString_UserWithoutPassword_NoPassword()
    {
        var builder = Parse("postgresql://user@localhost/uptime_db");

        Assert.Equal("user", builder.Username);
        Assert.Null(builder.Password);
    }

    [Fact]
    public void ToConnectionString_SslModeRequire_SslModeRequire()
    {
        Assert.Equal(SslMode.Require, Parse("postgresql://user:password@localhost:5432/uptime_db?sslmode=require").SslMode);
    }

    [Fact]
    public void ToConnectionString_SeveralQueryParameters_EveryOneApplied()
    {
        var builder = Parse("postgresql://user:password@localhost/uptime_db?sslmode=disable&Timeout=30&Application%20Name=hub");

        Assert.Equal(SslMode.Disable, builder.SslMode);
        Assert.Equal(30, builder.Timeout);
        Assert.Equal("hub", builder.ApplicationName);
    }

    [Fact]
    public void ToConnectionString_Ipv6Host_BracketsRemoved()
    {
        var builder = Parse("postgresql://user:password@[::1]:5433/uptime_db");

        Assert.Equal("::1", builder.Host);
        Assert.Equal(5433, builder.Port);
    }

    [Fact]
    public void ToConnectionString_PercentEncodedDatabase_Decoded()
    {
        Assert.Equal("uptime db", Parse("postgresql://user:password@localhost/uptime%20db").Database);
    }

    [Fact]
    public void ToConnectionString_NpgsqlConnectionString_PassesThrough()
    {
        var builder = Parse("Host=db.internal;Port=5433;Database=uptime_db;Username=user;Password=secret;SSL Mode=Require");

        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("uptime_db", builder.Database);
        Assert.Equal("user", builder.Username);
        Assert.Equal("secret", builder.Password);
        Assert.Equal(SslMode.Require, builder.SslMode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ToConnectionString_Empty_FormatExceptionSaysEmpty(string value)
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(value));

        Assert.Equal("DATABASE_URL is empty", error.Message);
    }

    [Theory]
    [InlineData("postgresql://user:password@localhost:5432")]
    [InlineData("postgresql://user:password@localhost:5432/")]
    [InlineData("postgres://user:password@localhost/?sslmode=require")]
    public void ToConnectionString_UrlWithoutDatabase_FormatExceptionSaysNoDatabase(string value)
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(value));

        Assert.Equal("DATABASE_URL names no database (expected postgresql://user:password@host:port/database)", error.Message);
    }

    [Theory]
    [InlineData("postgresql://")]
    [InlineData("postgresql://user:password@localhost:notaport/uptime_db")]
    public void ToConnectionString_UnparsableUrl_FormatExceptionSaysNotValidUrl(string value)
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(value));

        Assert.Equal("DATABASE_URL is not a valid postgresql://user:password@host:port/database URL", error.Message);
    }

    [Fact]
    public void ToConnectionString_UnknownQueryParameter_FormatExceptionNamesParameter()
    {
        var error = Assert.Throws<FormatException>(() =>
            DatabaseUrl.ToConnectionString("postgresql://user:password@localhost/uptime_db?sslmode=require&colour=blue"));

        Assert.Equal("DATABASE_URL has an unknown query parameter \"colour\"", error.Message);
    }

    [Fact]
    public void ToConnectionString_KnownQueryParameterWithBadValue_FormatExceptionNamesTheValue()
    {
        var error = Assert.Throws<FormatException>(() =>
            DatabaseUrl.ToConnectionString("postgresql://user:password@localhost/uptime_db?sslmode=bogus"));

        Assert.Contains("DATABASE_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("bogus", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown query parameter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("mysql://user:password@localhost/uptime_db")]
    [InlineData("Host=localhost;Colour=blue")]
    public void ToConnectionString_GarbageConnectionString_FormatExceptionSaysNeitherUrlNorConnectionString(string value)
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(value));

        Assert.StartsWith("DATABASE_URL is neither a postgresql:// URL nor a valid connection string: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToConnectionString_ConnectionStringWithoutHost_FormatExceptionAsksForHost()
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString("Username=user;Database=uptime_db"));

        Assert.Equal("DATABASE_URL must be a postgresql:// URL or an Npgsql connection string with Host=", error.Message);
    }

    private static NpgsqlConnectionStringBuilder Parse(string value) => new(DatabaseUrl.ToConnectionString(value));
}
