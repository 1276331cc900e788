using System.Text;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Tests.Smoke;

public sealed class VersionCheckTests
{
    private static readonly SmokeExpectation Local = new("local", ReleaseVersion.Parse("0.1.0"), "deploy/env/dev/values.yaml image.tag", "dev", 1, "file", false);

    private static HttpAnswer Answer(string json) => HttpAnswer.Of(200, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void The_expected_answer_has_no_problems()
    {
        var problems = VersionCheck.Problems(Answer("""{"version":"0.1.0","commit":"unknown","pipelineVersion":1,"storageBackend":"file","kafka":false,"environment":"local"}"""), Local);
        Assert.Empty(problems!);
    }

    [Fact]
    public void A_v_prefixed_version_is_the_same_release()
    {
        var problems = VersionCheck.Problems(Answer("""{"version":"v0.1.0","commit":"c","pipelineVersion":1,"storageBackend":"file","kafka":false,"environment":"local"}"""), Local);
        Assert.Empty(problems!);
    }

    [Fact]
    public void Every_field_that_differs_is_named_with_both_values_and_its_source()
    {
        var problems = VersionCheck.Problems(Answer("""{"version":"0.0.9","commit":"c","pipelineVersion":2,"storageBackend":"minio","kafka":true,"environment":"dev"}"""), Local);
        Assert.Equal(
        [
            "version: expected 0.1.0 (deploy/env/dev/values.yaml image.tag), got 0.0.9",
            "pipelineVersion: expected 1 (deploy/env/policy.yaml dev), got 2",
            "storageBackend: expected file (deploy/env/policy.yaml dev), got minio",
            "kafka: expected false (deploy/env/policy.yaml dev), got true",
            "environment: expected local, got dev",
        ], problems);
    }

    [Theory]
    [InlineData(200, """{"version":"0.1.0"}""")]
    [InlineData(200, "not json")]
    [InlineData(500, """{"version":"0.1.0","commit":"c","pipelineVersion":1,"storageBackend":"file","kafka":false,"environment":"local"}""")]
    public void An_answer_that_is_not_a_version_document_is_null(int status, string body)
    {
        Assert.Null(VersionCheck.Problems(HttpAnswer.Of(status, Encoding.UTF8.GetBytes(body)), Local));
    }
}
