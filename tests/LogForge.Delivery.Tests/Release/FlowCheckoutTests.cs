using LogForge.Delivery.Changes;
using LogForge.Delivery.Git;
using LogForge.Delivery.GitHub;

namespace LogForge.Delivery.Tests.Release;

public sealed class FlowCheckoutTests : IDisposable
{
    private readonly string _checkout = Directory.CreateTempSubdirectory("logforge-checkout-").FullName;

    [Fact]
    public async Task A_remote_that_is_not_GitHub_is_named_without_the_credentials_it_carries()
    {
        var git = new GitCli(_checkout);
        await git.OutputAsync(["init", "--quiet"], CancellationToken.None);
        await git.OutputAsync(["remote", "add", "origin", "https://deployer:remote-token-Zk4@git.example.test/logforge.git"], CancellationToken.None);

        var error = await Assert.ThrowsAsync<DeliveryStepException>(() =>
            FlowCheckout.OpenAsync(new GitHubAccess(null, "github-token-Zk5"), _checkout, "origin", repository: null, dryRun: false, CancellationToken.None));

        Assert.Contains("cannot tell the GitHub repository from origin's URL (https://git.example.test/logforge.git)", error.Message);
        Assert.DoesNotContain("remote-token-Zk4", error.ToString());
    }

    public void Dispose() => Directory.Delete(_checkout, recursive: true);
}
