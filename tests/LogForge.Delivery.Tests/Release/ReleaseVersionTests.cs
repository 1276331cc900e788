using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Tests.Release;

public sealed class ReleaseVersionTests
{
    [Theory]
    [InlineData("v0.1.0", "v0.1.0", "0.1.0")]
    [InlineData("0.1.0", "v0.1.0", "0.1.0")]
    [InlineData("v1.20.3-rc.1", "v1.20.3-rc.1", "1.20.3-rc.1")]
    [InlineData(" v2.0.0-beta-2.x ", "v2.0.0-beta-2.x", "2.0.0-beta-2.x")]
    public void One_mapping_git_tag_to_image_tag_and_version(string input, string gitTag, string imageTag)
    {
        var version = ReleaseVersion.Parse(input);
        Assert.Equal(gitTag, version.GitTag);
        Assert.Equal(imageTag, version.ImageTag);
        Assert.Equal(imageTag, version.ServiceVersion);
        Assert.Equal(version, ReleaseVersion.Parse(imageTag));
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("v1.2")]
    [InlineData("V1.2.3")]
    [InlineData("v01.2.3")]
    [InlineData("v1.2.3+build.5")]
    [InlineData("v1.2.3-")]
    [InlineData("v1.2.3-rc..1")]
    [InlineData("v1.2.3-rc.01")]
    [InlineData("v1.2.3; rm -rf /")]
    [InlineData("v99999999999.0.0")]
    public void Anything_else_is_refused_with_the_expected_form(string input)
    {
        Assert.False(ReleaseVersion.TryParse(input, out var version, out var problem));
        Assert.Null(version);
        Assert.Contains(ReleaseVersion.ExpectedForm, problem);
    }

    [Fact]
    public void Precedence_follows_semver()
    {
        string[] ordered = ["0.9.0", "0.10.0-alpha", "0.10.0-alpha.1", "0.10.0-alpha.beta", "0.10.0-beta.2", "0.10.0-beta.11", "0.10.0-rc.1", "0.10.0", "1.0.0"];
        var shuffled = ordered.Reverse().Select(ReleaseVersion.Parse).ToList();
        shuffled.Sort();
        Assert.Equal(ordered, shuffled.Select(v => v.ImageTag));
    }
}
