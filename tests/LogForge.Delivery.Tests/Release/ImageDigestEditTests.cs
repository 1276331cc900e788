using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Tests.Release;

/// <summary>image.digest beside image.tag: replaced in its quoting, inserted on the line after the tag with its indentation and line
/// ending, its line removed when the pin has none; every other byte as it was, and refused (nothing changed) where it cannot be done.</summary>
public sealed class ImageDigestEditTests
{
    private const string A = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    public static TheoryData<string, string, string?, string> Edits => new()
    {
        { "inserted after the tag", "image:\n  repository: r\n  tag: \"0.1.0\"  # bumped\n  pullPolicy: IfNotPresent\n", A,
            $"image:\n  repository: r\n  tag: \"0.2.0\"  # bumped\n  digest: \"{A}\"\n  pullPolicy: IfNotPresent\n" },
        { "inserted with CRLF and deeper indentation", "image:\r\n      tag: 0.1.0\r\nother: 1\r\n", A,
            $"image:\r\n      tag: 0.2.0\r\n      digest: \"{A}\"\r\nother: 1\r\n" },
        { "inserted at the end of a file without a final newline", "image:\n  tag: 0.1.0", A, $"image:\n  tag: 0.2.0\n  digest: \"{A}\"" },
        { "replaced in its quoting", $"image:\n  tag: 0.1.0\n  digest: '{B}' # pinned\n", A, $"image:\n  tag: 0.2.0\n  digest: '{A}' # pinned\n" },
        { "a digest before the tag is replaced where it is", $"image:\n  digest: \"{B}\"\n  tag: 0.1.0\n", A, $"image:\n  digest: \"{A}\"\n  tag: 0.2.0\n" },
        { "removed with its line when the pin has none", $"image:\n  tag: 0.1.0\n  digest: \"{B}\"  # old\n  pullPolicy: Always\n", null,
            "image:\n  tag: 0.2.0\n  pullPolicy: Always\n" },
        { "removed from a CRLF file", $"image:\r\n  digest: {B}\r\n  tag: 0.1.0\r\n", null, "image:\r\n  tag: 0.2.0\r\n" },
        { "flow mapping: replaced in place", $"image: {{tag: 0.1.0, digest: \"{B}\"}}\n", A, $"image: {{tag: 0.2.0, digest: \"{A}\"}}\n" },
        { "no digest and none wanted: the tag alone", "image:\n  tag: 0.1.0\n", null, "image:\n  tag: 0.2.0\n" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void The_digest_is_set_and_no_other_byte_changes(string name, string before, string? digest, string expected)
    {
        var after = ImageTagEdit.Apply(before, new ImagePin("0.2.0", digest), "values.yaml");

        Assert.True(expected == after, $"{name}:\n{after}");
        var location = ImageTagEdit.Locate(after, "values.yaml");
        Assert.Equal(("0.2.0", digest), (location.Tag, location.Digest?.Value));
    }

    [Theory]
    [InlineData("image: {repository: r, tag: 0.1.0}\n", "image.tag (line 1) is not on a line of its own in a block mapping")]
    [InlineData("image:\n  tag: 0.1.0\n  digest: &d \"sha256:00\"\n", "image.digest carries an anchor (&d, line 3)")]
    [InlineData("image:\n  tag: 0.1.0\n  digest: x\n  digest: y\n", "has two 'digest' keys under image (lines 3 and 4)")]
    [InlineData("image:\n  tag: 0.1.0\n  digest: |\n    sha256:00\n", "image.digest (line 3) is a block scalar")]
    public void A_digest_that_cannot_be_edited_in_place_is_refused(string text, string expected)
    {
        var refusal = Assert.Throws<ImageTagEditException>(() => ImageTagEdit.Apply(text, new ImagePin("0.2.0", A), "values.yaml"));

        Assert.Contains(expected, refusal.Message);
    }

    [Fact]
    public void A_refused_file_among_several_leaves_every_file_as_it_was()
    {
        var root = Directory.CreateTempSubdirectory("logforge-digest-").FullName;
        try
        {
            var policy = LogForge.Delivery.Environments.EnvironmentPolicyLoader.Load(LogForge.Testing.RepositoryRoot.Path);
            foreach (var env in new[] { "dev", "staging" })
            {
                var file = Path.Combine(root, policy.ValuesFileFor(env));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, env == "dev" ? "image:\n  tag: 0.1.0\n" : "image: {repository: r, tag: 0.1.0}\n");
            }
            var before = Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

            Assert.Throws<ImageTagEditException>(() => EnvironmentTagEdits.Apply(root, policy, EnvironmentTagEdits.Release, new ImagePin("0.2.0", A)));

            Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllText(kv.Key)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(A, true)]
    [InlineData("sha256:AAAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("sha256:abc", false)]
    [InlineData("sha512:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("latest", false)]
    public void A_digest_is_sha256_and_64_lowercase_hex_digits(string text, bool valid) => Assert.Equal(valid, ImagePin.IsDigest(text));
}
