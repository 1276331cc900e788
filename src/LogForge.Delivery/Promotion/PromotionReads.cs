using LogForge.Delivery.Changes;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Git;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Promotion;

/// <summary>What Promote and Rollback read from origin's history with git alone: the policy, an environment, a tag at a commit.</summary>
internal static class PromotionReads
{
    public static async Task<EnvironmentPolicy> PolicyAtAsync(GitCli git, string commit, CancellationToken ct)
    {
        var text = await git.ShowFileAsync(commit, EnvironmentPolicy.RelativePath, ct)
            ?? throw new DeliveryStepException("policy", $"{EnvironmentPolicy.RelativePath} is missing at {FlowFailures.Short(commit)}",
                "restore it on the default branch, then re-run");
        try
        {
            return EnvironmentPolicyLoader.Parse(text);
        }
        catch (InvalidDataException e)
        {
            throw new DeliveryStepException("policy", e.Message, $"fix {EnvironmentPolicy.RelativePath} on the default branch, then re-run");
        }
    }

    /// <summary><paramref name="name"/> as <paramref name="policy"/> and the values files at <paramref name="commit"/> describe it.</summary>
    public static async Task<TargetEnvironment> EnvironmentAtAsync(GitCli git, string commit, EnvironmentPolicy policy, string name, CancellationToken ct)
    {
        var files = new[] { policy.ValuesFileFor(name), $"{policy.Chart}/values.yaml" };
        var texts = new Dictionary<string, string?>();
        foreach (var file in files) texts[file] = await git.ShowFileAsync(commit, file, ct);
        try
        {
            return TargetEnvironment.Resolve(policy, name, file => texts.GetValueOrDefault(file));
        }
        catch (UnknownEnvironmentException e)
        {
            throw new DeliveryStepException("policy", e.Message, $"fix {EnvironmentPolicy.RelativePath} on the default branch, then re-run");
        }
    }

    public static async Task<string?> TagAtAsync(GitCli git, string revision, string file, CancellationToken ct, bool missingOk = false) =>
        (await PinAtAsync(git, revision, file, ct, missingOk))?.Tag;

    /// <summary>The tag and digest <paramref name="file"/> pins at <paramref name="revision"/>.</summary>
    public static async Task<ImagePin?> PinAtAsync(GitCli git, string revision, string file, CancellationToken ct, bool missingOk = false)
    {
        var text = await git.ShowFileAsync(revision, file, ct);
        if (text is null)
            return missingOk
                ? null
                : throw new DeliveryStepException("edit", $"{file} does not exist at {FlowFailures.Short(revision)}",
                    "restore it on the default branch, then re-run");
        var location = FlowFailures.Edit(() => ImageTagEdit.Locate(text, file));
        return new ImagePin(location.Tag, location.Digest?.Value);
    }
}
