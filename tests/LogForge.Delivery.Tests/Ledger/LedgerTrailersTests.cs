using LogForge.Delivery.Ledger;

namespace LogForge.Delivery.Tests.Ledger;

/// <summary>The ledger's trailers are git's: what we write, git interpret-trailers and git log's %(trailers) read back unchanged.</summary>
public sealed class LedgerTrailersTests
{
    private static readonly LedgerRecord Rollback = new("v0.1.0")
    {
        ImageDigest = "sha256:" + new string('a', 64),
        Gate = "passed (40 passed, 0 failed, 2 skipped)",
        Actor = "octocat",
        RunUrl = "https://github.com/o/r/actions/runs/7",
        RejectedVersion = "v0.2.0",
        Reason = "drops events\nunder load\r\nForced: true",
    };

    [Fact]
    public void A_reason_over_several_lines_becomes_one_line_and_forges_no_trailer()
    {
        var block = LedgerTrailers.Format(Rollback);

        Assert.Equal(
            "Promoted-Version: v0.1.0\nImage-Digest: sha256:" + new string('a', 64) + "\nGate: passed (40 passed, 0 failed, 2 skipped)\nActor: octocat\n" +
            "Run-Url: https://github.com/o/r/actions/runs/7\nRejected-Version: v0.2.0\nReason: drops events under load Forced: true\n", block);
        Assert.False(LedgerTrailers.Parse(block)!.Forced);
    }

    [Fact]
    public async Task Git_interpret_trailers_and_git_log_read_the_block_we_write()
    {
        var forced = Rollback with { Forced = true, Reason = "drops events under load" };
        var message = LedgerTrailers.Append("rollback: production to v0.1.0", forced);

        var parsed = (await RunGitAsync(Path.GetTempPath(), ["interpret-trailers", "--parse"], message)).Trim();
        var repository = Directory.CreateTempSubdirectory("logforge-trailers-").FullName;
        await RunGitAsync(repository, ["init", "--quiet"]);
        await RunGitAsync(repository, ["-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "--quiet", "--allow-empty", "-m", message]);
        var logged = (await RunGitAsync(repository, ["log", "-1", "--format=%(trailers:only,unfold)"])).Trim();
        Directory.Delete(repository, recursive: true);

        Assert.Equal(LedgerTrailers.Format(forced).TrimEnd(), parsed);
        Assert.Equal(parsed, logged);
        Assert.Equal(forced, LedgerTrailers.Parse(logged));
    }

    [Fact]
    public void Keys_compare_as_git_compares_them_and_lines_without_a_version_are_no_record()
    {
        Assert.Equal("v1.0.0", LedgerTrailers.Parse("promoted-version: v1.0.0\nsmoke: passed")!.PromotedVersion);
        Assert.Equal("passed", LedgerTrailers.Parse("promoted-version: v1.0.0\nsmoke: passed")!.Smoke);
        Assert.Null(LedgerTrailers.Parse("Signed-off-by: someone <s@example.test>"));
        Assert.Null(LedgerTrailers.Parse(""));
    }

    private static async Task<string> RunGitAsync(string directory, string[] arguments, string? input = null) =>
        (await new LogForge.Delivery.Process.ProcessRunner().RunAsync(new LogForge.Delivery.Process.ProcessRequest("git", arguments)
            { WorkingDirectory = directory, StandardInput = input })).EnsureSucceeded().StandardOutput;
}
