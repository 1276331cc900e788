using LogForge.Delivery.Smoke.Local;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Smoke;

/// <summary>ServiceBuild with a real `dotnet build` of a small stand-in project at src/LogForge.Api.</summary>
public sealed class ServiceCompileTests : IDisposable
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
        </Project>
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("logforge-service-compile-").FullName;

    [Fact]
    public async Task An_out_of_date_service_is_compiled_once_then_reused()
    {
        Write("src/LogForge.Api/LogForge.Api.csproj", Project);
        Write("src/LogForge.Api/Health.cs", "namespace StandIn; public static class Health { public const string Status = \"healthy\"; }");
        var log = new LogCapture();

        var first = await new ServiceBuild(_root, "Debug", log: log.Logger).EnsureBuiltAsync();
        var second = await new ServiceBuild(_root, "Debug", log: log.Logger).EnsureBuiltAsync();

        Assert.True(first.Compiled);
        Assert.Equal("no LogForge.Api.dll under src/LogForge.Api/bin/Debug yet", first.Reason);
        Assert.Equal(Path.Combine(_root, "src/LogForge.Api/bin/Debug/net10.0/LogForge.Api.dll"), first.AssemblyPath);
        Assert.False(second.Compiled);
        Assert.Equal(first.AssemblyPath, second.AssemblyPath);
        Assert.Contains("LogForge.Api is up to date: src/LogForge.Api/bin/Debug/net10.0 is newer than its sources", log.Messages);
    }

    [Fact]
    public async Task A_service_that_does_not_compile_is_one_failure_with_the_compiler_errors()
    {
        Write("src/LogForge.Api/LogForge.Api.csproj", Project);
        Write("src/LogForge.Api/Health.cs", "namespace StandIn; public static class Health { public const string Status = \"healthy\" }");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ServiceBuild(_root, "Debug", log: new LogCapture().Logger).EnsureBuiltAsync());

        var lines = error.Message.Split('\n');
        Assert.Equal("src/LogForge.Api does not compile (dotnet build exited with code 1) — fix these errors:", lines[0]);
        Assert.Single(lines.Skip(1));
        Assert.Contains("Health.cs(1,88): error CS1002: ; expected", lines[1]);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
