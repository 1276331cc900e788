using LogForge.Build.Engine;
using LogForge.Delivery.Tools;
using Serilog;

namespace LogForge.Build;

public sealed partial class Build
{
    HelmTool? _helm;

    /// <summary>The pinned helm, resolved once per run by Tools.</summary>
    HelmTool Helm => _helm ?? throw new InvalidOperationException("helm is not resolved — the target must depend on Tools.");

    Target Tools => _ => _
        .Description("Resolve helm pinned in deploy/lab/versions.env: from PATH when the version matches, else into .tools/")
        .Executes(async ct => await ResolveHelmAsync(ct));

    /// <summary>What Tools does, for a target that needs helm only in some runs (Smoke --env local) and so does not depend on Tools.</summary>
    async Task<HelmTool> ResolveHelmAsync(CancellationToken ct)
    {
        if (_helm is not null) return _helm;
        _helm = await new HelmResolver(RootDirectory).ResolveAsync(ct);
        Log.Information("Using {Helm}", _helm.Description);
        return _helm;
    }
}
