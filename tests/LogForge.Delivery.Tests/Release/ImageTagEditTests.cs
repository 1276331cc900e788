using System.Text;
using LogForge.Delivery.Versions;
using LogForge.Testing;

namespace LogForge.Delivery.Tests.Release;

/// <summary>The tag edit changes the bytes of the image.tag scalar and no other byte; refusals leave the file as it was.</summary>
public sealed class ImageTagEditTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("logforge-tagedit-").FullName;

    // Each template holds TAG once: the input has the old spelling there, the expected output the new one.
    public static TheoryData<string, string, string, string> Corpus => new()
    {
        { "block, double-quoted, comments everywhere", "# head comment\n\n# about image\nimage:   # the image\n  # repository first\n  repository: ghcr.io/o/logforge  # repo\n\n  tag: TAG\n  pullPolicy: IfNotPresent\n# tail\n", "\"0.1.0\"", "\"0.2.0\"" },
        { "block, single-quoted", "image:\n  tag: TAG\n  repository: r\n", "'0.1.0'", "'0.2.0'" },
        { "block, plain", "image:\n  repository: r\n  tag: TAG\n", "0.1.0", "0.2.0" },
        { "trailing comment on the tag line", "image:\n  repository: r\n  tag: TAG   # set by the release workflow\n", "\"0.1.0\"", "\"0.2.0\"" },
        { "plain with trailing comment", "image:\n  tag: TAG # bumped\n", "0.1.0", "0.2.0" },
        { "flow mapping", "replicaCount: 1\nimage: {repository: ghcr.io/o/logforge, tag: TAG}  # flow\nother: {tag: keep}\n", "0.1.0", "0.2.0" },
        { "flow mapping, quoted, tag first", "image: { tag: TAG , repository: \"r\" }\n", "\"0.1.0\"", "\"0.2.0\"" },
        { "CRLF line endings", "# crlf file\r\nimage:\r\n  repository: r\r\n  tag: TAG\r\n\r\nreplicaCount: 2\r\n", "\"0.1.0\"", "\"0.2.0\"" },
        { "unicode before and after", "# Überblick: 日本語 🚀 ✓\nnäme: \"ünïcödé ☃\"\nimage:\n  # 🐳 container\n  repository: r  # ключ\n  tag: TAG  # 版本 🚀\nemoji: \"😀😀\"\n", "\"0.1.0\"", "\"0.2.0\"" },
        { "no final newline", "image:\n  tag: TAG", "0.1.0", "0.2.0" },
        { "document markers", "---\nimage:\n  tag: TAG\n...\n", "\"0.1.0\"", "\"0.2.0\"" },
        { "other image and tag keys elsewhere untouched", "tag: root\nsidecar:\n  image:\n    tag: side\nimage:\n  tag: TAG\nlist:\n  - image: {tag: x}\n", "\"0.1.0\"", "\"0.2.0\"" },
        { "deeper indentation and blank lines", "image:\n\n\n      repository: r\n\n      tag:    TAG\n", "'0.1.0'", "'0.2.0'" },
        { "prerelease into plain", "image:\n  tag: TAG\n", "0.1.0", "1.0.0-rc.1" },
        { "plain that would read as a number is quoted", "image:\n  tag: TAG\n", "0.1.0", "\"1.0\"" },
        { "quotes inside a single-quoted tag are doubled", "image:\n  tag: TAG\n", "'a'", "'it''s'" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Only_the_tag_bytes_change(string name, string template, string oldText, string newText)
    {
        var newTag = newText.Trim('"', '\'').Replace("''", "'");
        var path = WriteFile(template.Replace("TAG", oldText));

        var change = ImageTagEdit.Write(path, new ImagePin(newTag, null), "values.yaml");

        Assert.True(change.Changed, name);
        Assert.Equal(newTag, change.NewTag);
        Assert.Equal(Encoding.UTF8.GetBytes(template.Replace("TAG", newText)), File.ReadAllBytes(path));
        Assert.Equal(newTag, ImageTagEdit.ReadPin(path).Tag);
    }

    [Fact]
    public void The_repository_values_files_change_in_the_tag_alone()
    {
        foreach (var env in new[] { "dev", "staging", "production" })
        {
            var original = File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, $"deploy/env/{env}/values.yaml"));
            var path = Path.Combine(_directory, env + ".yaml");
            File.WriteAllBytes(path, original);
            var old = ImageTagEdit.ReadPin(path).Tag;

            ImageTagEdit.Write(path, new ImagePin("9.9.9-test.1", null));

            var expected = Encoding.UTF8.GetString(original).Replace($"tag: \"{old}\"", "tag: \"9.9.9-test.1\"");
            Assert.Equal(expected, File.ReadAllText(path));
        }
    }

    [Fact]
    public void A_byte_order_mark_is_kept()
    {
        var path = Path.Combine(_directory, "bom.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("image:\n  tag: \"0.1.0\"\n")]);

        ImageTagEdit.Write(path, new ImagePin("0.2.0", null));

        Assert.Equal([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("image:\n  tag: \"0.2.0\"\n")], File.ReadAllBytes(path));
    }

    [Fact]
    public void The_same_tag_writes_nothing_and_the_write_leaves_no_temporary_file()
    {
        var path = WriteFile("image:\n  tag: \"0.1.0\"\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var same = ImageTagEdit.Write(path, new ImagePin("0.1.0", null));
        Assert.False(same.Changed);
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(path));

        ImageTagEdit.Write(path, new ImagePin("0.2.0", null));
        Assert.Equal(["values.yaml"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "no image", "replicaCount: 1\n", "has no 'image' key" },
        { "image without tag", "image:\n  repository: r\n", "has no image.tag" },
        { "two image keys", "image:\n  tag: a\nreplicaCount: 1\nimage:\n  tag: b\n", "has two 'image' keys (lines 1 and 4)" },
        { "two tag keys", "image:\n  tag: a\n  tag: b\n", "has two 'tag' keys under image (lines 2 and 3)" },
        { "tag is an alias", "base: &t \"0.1.0\"\nimage:\n  tag: *t\n", "image.tag is an alias (*t, line 3)" },
        { "tag has an anchor", "image:\n  tag: &t \"0.1.0\"\nother: *t\n", "image.tag carries an anchor (&t, line 2)" },
        { "image is an alias", "defaults: &img\n  tag: a\nimage: *img\n", "image is an alias (*img, line 3)" },
        { "image has an anchor", "image: &img\n  tag: a\ncopy: *img\n", "image carries an anchor (&img, line 1)" },
        { "tag from a merge key", "base: &b\n  tag: a\nimage:\n  <<: *b\n  repository: r\n", "image has no tag of its own (it would come from a << merge key)" },
        { "block scalar", "image:\n  tag: |\n    0.1.0\n", "is a block scalar" },
        { "empty tag", "image:\n  tag:\n  repository: r\n", "is empty (null)" },
        { "image not a mapping", "image: ghcr.io/o/logforge:0.1.0\n", "image (line 1) is not a mapping" },
        { "tag not a scalar", "image:\n  tag: [a, b]\n", "image.tag (line 2) is not a scalar" },
        { "two documents", "image:\n  tag: a\n---\nimage:\n  tag: b\n", "holds more than one YAML document" },
        { "not a mapping", "- a\n- b\n", "is not a mapping at the top level" },
        { "empty file", "", "is empty" },
        { "invalid YAML", "image:\n  tag: \"0.1.0\n", "is not valid YAML" },
        { "unclosed flow sequence", "on: [push\nimage: {tag: a}\n", "is not valid YAML" },
        { "explicit YAML tag", "image:\n  tag: !!str 0.1.0\n", "has an explicit YAML tag" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refusals_name_the_file_and_the_reason_and_change_nothing(string name, string content, string reason)
    {
        var path = WriteFile(content);

        var refusal = Assert.Throws<ImageTagEditException>(() => ImageTagEdit.Write(path, new ImagePin("9.9.9", null), "deploy/env/dev/values.yaml"));

        Assert.StartsWith("deploy/env/dev/values.yaml: ", refusal.Message);
        Assert.Contains(reason, refusal.Message);
        Assert.Equal(content, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_directory));
        _ = name;
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused()
    {
        var path = Path.Combine(_directory, "latin1.yaml");
        byte[] content = [.. Encoding.ASCII.GetBytes("# caf"), 0xE9, .. Encoding.ASCII.GetBytes("\nimage:\n  tag: a\n")];
        File.WriteAllBytes(path, content);

        var refusal = Assert.Throws<ImageTagEditException>(() => ImageTagEdit.Write(path, new ImagePin("b", null), "values.yaml"));

        Assert.Equal("values.yaml: is not UTF-8 — save it as UTF-8", refusal.Message);
        Assert.Equal(content, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("0.1.0", true)]
    [InlineData("1.0.0-rc.1", true)]
    [InlineData("latest", true)]
    [InlineData("1.0", false)]
    [InlineData("10", false)]
    [InlineData("1e3", false)]
    [InlineData("true", false)]
    [InlineData("No", false)]
    [InlineData("null", false)]
    [InlineData("-x", false)]
    [InlineData("a b", false)]
    [InlineData("a#b", false)]
    public void Plain_is_kept_only_for_values_that_read_back_as_strings(string tag, bool plain) =>
        Assert.Equal(plain, ImageTagEdit.IsPlainString(tag));

    private string WriteFile(string content)
    {
        var path = Path.Combine(_directory, "values.yaml");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
