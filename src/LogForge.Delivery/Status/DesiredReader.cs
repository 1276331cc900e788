using LogForge.Delivery.Changes;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Git;
using LogForge.Delivery.Ledger;
using LogForge.Delivery.Process;
using LogForge.Delivery.Promotion;

namespace LogForge.Delivery.Status;

/// <summary>Status's git half for one environment: the environment as the default branch describes it, what its values pin, and its
/// ledger (newest first; the newest entry is the change that set the pin, the rest decide whether a version was rejected).</summary>
public sealed record DesiredSide(TargetEnvironment Environment, DesiredState Desired, IReadOnlyList<LedgerEntry> Ledger);

/// <summary>
/// What git says, from the checkout alone (no token, no network), on the revision History reads (origin's default branch as last
/// fetched, else HEAD): the policy there, and for each of its environments the pin and the ledger — the environments read in parallel.
/// </summary>
public static class DesiredReader
{
    public static async Task<(string Revision, string Source, IReadOnlyList<DesiredSide> Environments)> ReadAsync(string checkoutRoot, CancellationToken ct)
    {
        var git = new GitCli(checkoutRoot);
        try
        {
            var (revision, source) = await LedgerHistory.SourceAsync(git, checkoutRoot, ct);
            var policy = await PromotionReads.PolicyAtAsync(git, revision, ct);
            var sides = await Task.WhenAll(policy.EnvironmentNames.Select(name => ReadEnvironmentAsync(git, revision, policy, name, ct)));
            return (revision, source, sides);
        }
        catch (ProcessFailedException e)
        {
            throw FlowFailures.FromGit(e);
        }
    }

    private static async Task<DesiredSide> ReadEnvironmentAsync(GitCli git, string revision, EnvironmentPolicy policy, string name, CancellationToken ct)
    {
        var environment = await PromotionReads.EnvironmentAtAsync(git, revision, policy, name, ct);
        var pin = (await PromotionReads.PinAtAsync(git, revision, environment.ValuesFile, ct))!;
        var ledger = await LedgerReader.ReadAsync(git, revision, environment.ValuesFile, ct);
        return new DesiredSide(environment, new DesiredState(environment.ValuesFile, pin.Tag, pin.Digest, ledger.FirstOrDefault()), ledger);
    }
}
