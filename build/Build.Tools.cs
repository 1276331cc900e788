using LogForge.Build.Engine;
using Serilog;

namespace LogForge.Build;

public sealed partial class Build
{
    Target Tools => _ => _
        .Description("Resolve the pinned CLIs from deploy/lab/versions.env (helm; s3rver for tests) into .tools/")
        .Executes(() => Log.Information("No pinned tools yet"));
}
