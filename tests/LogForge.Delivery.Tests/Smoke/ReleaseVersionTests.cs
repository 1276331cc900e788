using LogForge.Delivery.Smoke;

namespace LogForge.Delivery.Tests.Smoke;

public sealed class ReleaseVersionTests
{
    [Theory]
    [InlineData("v0.1.0", "0.1.0")]
    [InlineData("0.1.0", "0.1.0")]
    [InlineData("v1.12.3-rc.1", "1.12.3-rc.1")]
    [InlineData("2.0.0+build.7", "2.0.0+build.7")]
    public void A_git_tag_and_a_service_version_are_the_same_release(string text, string version)
    {
        Assert.True(ReleaseVersion.TryParse(text, out var parsed));
        Assert.Equal(version, parsed.Version);
        Assert.Equal("v" + version, parsed.Tag);
    }

    [Fact]
    public void The_two_spellings_are_equal()
    {
        Assert.Equal(ReleaseVersion.Parse("v0.1.0"), ReleaseVersion.Parse("0.1.0"));
        Assert.NotEqual(ReleaseVersion.Parse("0.1.0"), ReleaseVersion.Parse("0.1.1"));
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("0.1")]
    [InlineData("v01.0.0")]
    [InlineData("vv1.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(ReleaseVersion.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => ReleaseVersion.Parse(text));
        Assert.Equal($"'{text}' is not a release version such as v0.1.0 or 0.1.0 (MAJOR.MINOR.PATCH, optional -pre-release)", error.Message);
    }
}
