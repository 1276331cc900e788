using LogForge.Testing;
using CliWrap;
using CliWrap.Buffered;
using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Tests.Tools;

public sealed class S3rverResolverTests
{
    [Fact]
    public async Task Provides_the_pinned_s3rver_in_the_tools_cache()
    {
        var s3rver = await new S3rverResolver(RepositoryRoot.Path).ResolveAsync();

        Assert.Equal(Path.Combine(RepositoryRoot.Path, ".tools", "node_modules", ".bin", "s3rver"), s3rver.Executable);
        Assert.Equal("3.7.1", s3rver.Version);
        var help = await Cli.Wrap(s3rver.Executable).WithArguments(["--version"])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.Equal("3.7.1", help.StandardOutput.Trim());
    }
}
