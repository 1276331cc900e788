using LogForge.Delivery.Smoke.Local;

namespace LogForge.Delivery.Tests.Smoke;

/// <summary>When Smoke compiles the service: only when something it is built from is newer than the last build.</summary>
public sealed class ServiceBuildTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("logforge-service-build-").FullName;
    private readonly DateTime _built = DateTime.UtcNow.AddHours(-1);

    public ServiceBuildTests()
    {
        Write("Directory.Packages.props", _built.AddMinutes(-30));
        Write("src/LogForge.Api/LogForge.Api.csproj", _built.AddMinutes(-30));
        Write("src/LogForge.Api/Endpoints/HealthApi.cs", _built.AddMinutes(-30));
        Write("src/LogForge.Api/obj/project.assets.json", _built.AddMinutes(5));
        Write("src/LogForge.Api/bin/Debug/net10.0/LogForge.Api.dll", _built);
        foreach (var directory in new[] { "src/LogForge.Api/Endpoints", "src/LogForge.Api" })
            Directory.SetLastWriteTimeUtc(Path.Combine(_root, directory), _built.AddMinutes(-30));
    }

    private string? Reason() => new ServiceBuild(_root, "Debug").ReasonToCompile();

    [Fact]
    public void Output_newer_than_every_source_is_current()
    {
        Assert.Null(Reason());
    }

    [Fact]
    public void No_output_for_the_configuration_is_a_reason()
    {
        Assert.Equal("no LogForge.Api.dll under src/LogForge.Api/bin/Release yet", new ServiceBuild(_root, "Release").ReasonToCompile());
    }

    [Fact]
    public void An_edited_source_names_the_file()
    {
        Write("src/LogForge.Api/Endpoints/HealthApi.cs", _built.AddMinutes(1));
        Assert.Equal("src/LogForge.Api/Endpoints/HealthApi.cs changed since the last build", Reason());
    }

    [Fact]
    public void A_deleted_source_is_seen_through_its_directory()
    {
        File.Delete(Path.Combine(_root, "src/LogForge.Api/Endpoints/HealthApi.cs"));
        Assert.Equal("src/LogForge.Api/Endpoints changed since the last build", Reason());
    }

    [Fact]
    public void A_changed_package_version_is_a_reason()
    {
        Write("Directory.Packages.props", _built.AddMinutes(1));
        Assert.Equal("Directory.Packages.props changed since the last build", Reason());
    }

    [Fact]
    public void A_file_msbuild_does_not_compile_counts_once_then_the_stamp_covers_it()
    {
        Write("src/LogForge.Api/Dockerfile", _built.AddMinutes(1));
        Directory.SetLastWriteTimeUtc(Path.Combine(_root, "src/LogForge.Api"), _built.AddMinutes(-30));
        Assert.Equal("src/LogForge.Api/Dockerfile changed since the last build", Reason());

        Write("src/LogForge.Api/obj/Debug/logforge-service-build.stamp", _built.AddMinutes(2));
        Assert.Null(Reason());
    }

    private void Write(string relative, DateTime time)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative);
        File.SetLastWriteTimeUtc(path, time);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
