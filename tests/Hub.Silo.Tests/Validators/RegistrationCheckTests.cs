using Uptime.Hub.Validators;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Hub.Tests.Validators;

public sealed class RegistrationCheckTests
{
    private const string Location = "EU-West Ireland";
    private const string Token = "s3cret-validator-token";

    private static readonly ValidatorKey _key = ValidatorKey.Generate();
    private static readonly string _nonce = Nonce.Create();

    [Fact]
    public void Check_SignedByTheKeyOverThisNonce_AcceptedWithTheKey()
    {
        var check = Check(ValidatorAuthMode.Signature);

        var verdict = check.Check(Signed(_key, _key.Address, Location, _nonce));

        Assert.Null(verdict.Refusal);
        Assert.Equal(_key.Address, verdict.Key?.Address);
    }

    [Fact]
    public void Check_PublicKeyInMixedCase_ComparedCaseInsensitively()
    {
        var mixed = "0x" + _key.Address[2..].ToUpperInvariant();

        var verdict = Check(ValidatorAuthMode.Signature).Check(Signed(_key, mixed, Location, _nonce));

        Assert.Null(verdict.Refusal);
    }

    [Fact]
    public void Check_UnsignedInSignatureMode_InvalidSignature()
    {
        var verdict = Check(ValidatorAuthMode.Signature).Check(new RegisterMessage(_key.Address, Location));

        Assert.Equal(ErrorCodes.InvalidSignature, verdict.Refusal?.Code);
        Assert.Contains("VALIDATOR_AUTH=signature", verdict.Refusal?.Message, StringComparison.Ordinal);
        Assert.Null(verdict.Key);
    }

    [Fact]
    public void Check_SignedByAnotherKey_InvalidSignatureNamingBothAddresses()
    {
        var other = ValidatorKey.Generate();

        var verdict = Check(ValidatorAuthMode.Signature).Check(Signed(other, _key.Address, Location, _nonce));

        Assert.Equal(ErrorCodes.InvalidSignature, verdict.Refusal?.Code);
        Assert.Contains($"recovers to {other.Address}, not to payload.publicKey {_key.Address}", verdict.Refusal?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SignatureOverAnotherNonce_InvalidSignature()
    {
        var verdict = Check(ValidatorAuthMode.Signature).Check(Signed(_key, _key.Address, Location, Nonce.Create()));

        Assert.Equal(ErrorCodes.InvalidSignature, verdict.Refusal?.Code);
    }

    [Fact]
    public void Check_LocationChangedAfterSigning_InvalidSignature()
    {
        var signed = Signed(_key, _key.Address, Location, _nonce);

        var verdict = Check(ValidatorAuthMode.Signature).Check(signed with { Location = "US-East Virginia" });

        Assert.Equal(ErrorCodes.InvalidSignature, verdict.Refusal?.Code);
    }

    [Theory]
    [InlineData("0x1234", "65 bytes")]
    [InlineData("not hex at all", "")]
    public void Check_MalformedSignature_InvalidSignatureSaysWhy(string signature, string reasonPart)
    {
        var verdict = Check(ValidatorAuthMode.Signature).Check(new RegisterMessage(_key.Address, Location, signature));

        Assert.Equal(ErrorCodes.InvalidSignature, verdict.Refusal?.Code);
        Assert.StartsWith("payload.signature is not a valid signature: ", verdict.Refusal?.Message, StringComparison.Ordinal);
        Assert.Contains(reasonPart, verdict.Refusal?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SecondRegisterOnSameConnection_NonceAlreadyUsed()
    {
        var check = Check(ValidatorAuthMode.Signature);
        var signed = Signed(_key, _key.Address, Location, _nonce);
        Assert.Null(check.Check(signed).Refusal);

        var verdict = check.Check(signed);

        Assert.Equal(ErrorCodes.InvalidSignature, verdict.Refusal?.Code);
        Assert.Contains("nonce was used by an earlier REGISTER", verdict.Refusal?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FailedFirstAttempt_StillConsumesTheNonce()
    {
        var check = Check(ValidatorAuthMode.Signature);
        check.Check(new RegisterMessage(_key.Address, Location));

        var verdict = check.Check(Signed(_key, _key.Address, Location, _nonce));

        Assert.Contains("nonce was used", verdict.Refusal?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnsignedInNoneMode_AcceptedWithoutKey()
    {
        var verdict = Check(ValidatorAuthMode.None).Check(new RegisterMessage(_key.Address, Location));

        Assert.Null(verdict.Refusal);
        Assert.Null(verdict.Key);
    }

    [Fact]
    public void Check_BadSignatureInNoneMode_StillRefused()
    {
        var verdict = Check(ValidatorAuthMode.None).Check(Signed(ValidatorKey.Generate(), _key.Address, Location, _nonce));

        Assert.Equal(ErrorCodes.InvalidSignature, verdict.Refusal?.Code);
    }

    [Theory]
    [InlineData(ValidatorAuthMode.None)]
    [InlineData(ValidatorAuthMode.Token)]
    public void Check_UnsignedWhenTicksMustBeSigned_InvalidSignature(ValidatorAuthMode mode)
    {
        var options = Options(mode);
        options.RequireSignedTicks = true;

        var verdict = new RegistrationCheck(options, null, _nonce).Check(new RegisterMessage(_key.Address, Location));

        Assert.Equal(ErrorCodes.InvalidSignature, verdict.Refusal?.Code);
        Assert.Contains("REQUIRE_SIGNED_TICKS=true", verdict.Refusal?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TokenProblem_UnauthorizedEvenWhenSigned()
    {
        var check = new RegistrationCheck(Options(ValidatorAuthMode.Token), "no token", _nonce);

        var verdict = check.Check(Signed(_key, _key.Address, Location, _nonce));

        Assert.Equal(new ProtocolError(ErrorCodes.Unauthorized, "no token"), verdict.Refusal);
    }

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer  " + Token + " ")]
    public void BearerTokenProblem_KnownToken_None(string header)
    {
        Assert.Null(RegistrationCheck.BearerTokenProblem(Options(ValidatorAuthMode.Token), header));
    }

    [Theory]
    [InlineData(null, "requires a validator token")]
    [InlineData("", "requires a validator token")]
    [InlineData("Bearer ", "requires a validator token")]
    [InlineData("Basic dXNlcjpwYXNz", "requires a validator token")]
    [InlineData("Bearer wrong-token", "not one this hub accepts")]
    public void BearerTokenProblem_MissingOrUnknown_SaysWhichWithoutTheToken(string? header, string expected)
    {
        var problem = RegistrationCheck.BearerTokenProblem(Options(ValidatorAuthMode.Token), header);

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ValidatorAuthMode.Signature)]
    [InlineData(ValidatorAuthMode.None)]
    public void BearerTokenProblem_OtherModes_NeverAProblem(ValidatorAuthMode mode)
    {
        Assert.Null(RegistrationCheck.BearerTokenProblem(Options(mode), null));
    }

    private static RegistrationCheck Check(ValidatorAuthMode mode) => new(Options(mode), null, _nonce);

    private static ValidatorSecurityOptions Options(ValidatorAuthMode mode) =>
        new() { Auth = mode, TokenHashes = [SecretHash.ParseHash(SecretHash.Sha256Hex(Token))] };

    private static RegisterMessage Signed(ValidatorKey key, string publicKey, string location, string nonce) =>
        new(publicKey, location, key.SignPersonalMessage(SignedTexts.Registration(publicKey, location, nonce)));
}
