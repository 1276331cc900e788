using System.Net;
using LogForge.Delivery.Resilience;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Resilience;

/// <summary>The shared retry pipeline with each service's classifier, against a scripted server on a virtual clock:
/// what is retried, how long it waits, what it says while waiting, and where it stops.</summary>
public sealed class HttpRetryTests
{
    private readonly VirtualClock _clock = new();
    private readonly LogCapture _log = new();
    private readonly ScriptedHandler _server = new();

    private HttpClient Client(Func<RetryBudget, DelegatingHandler> policy, TimeSpan? waitTimeout = null)
    {
        var handler = policy(new RetryBudget(waitTimeout ?? TimeSpan.FromMinutes(10), _clock, _log.Logger));
        handler.InnerHandler = _server;
        return new HttpClient(handler) { BaseAddress = new Uri("http://server.test") };
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task Github_5xx_answers_are_asked_again_with_growing_jittered_backoff_and_a_line_before_each_wait()
    {
        _server.Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.GatewayTimeout).Then(HttpStatusCode.OK, "{}");
        using var client = Client(ServicePolicies.GitHub);

        using var response = await client.GetAsync("/repos/o/r/pulls");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal(3, _clock.Waits.Count);
        for (var i = 0; i < 3; i++) // base 1 s × 2^i, jittered into its upper half
            Assert.InRange(_clock.Waits[i].TotalSeconds, 0.5 * Math.Pow(2, i), Math.Pow(2, i));
        var lines = _log.Messages.Where(m => m.StartsWith("GitHub: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Matches(@"^GitHub: 502 Bad Gateway to GET /repos/o/r/pulls — asking again in \d(\.\d)? s \(at 09:00:0\d UTC, retry 1\); giving up after 09:10:00 UTC$", lines[0]);
        Assert.Contains("503 Service Unavailable", lines[1]);
        Assert.Contains("retry 3", lines[2]);
    }

    [Fact]
    public async Task Github_primary_rate_limit_waits_until_its_reset_then_asks_again()
    {
        var reset = Now.AddSeconds(95).ToUnixTimeSeconds();
        _server.Then(HttpStatusCode.Forbidden, """{"message":"API rate limit exceeded for installation ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}""",
                ("x-ratelimit-limit", "5000"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset.ToString()))
            .Then(HttpStatusCode.OK, "{}");
        using var client = Client(ServicePolicies.GitHub);

        using var response = await client.GetAsync("/repos/o/r");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(96), _clock.Elapsed); // the reset second, and one more: reset times are whole seconds
        Assert.Contains(_log.Messages, m => m == "GitHub: 403: the primary rate limit is used up (x-ratelimit-remaining: 0) to GET /repos/o/r — " +
            "asking again in 1 min 36 s (at 09:01:36 UTC, retry 1); giving up after 09:10:00 UTC");
    }

    [Fact]
    public async Task Github_secondary_rate_limit_with_retry_after_waits_as_long_as_it_says()
    {
        _server.Then((HttpStatusCode)429, """{"message":"You have exceeded a secondary rate limit."}""", ("retry-after", "7")).Then(HttpStatusCode.Created, "{}");
        using var client = Client(ServicePolicies.GitHub);

        using var response = await client.PostAsync("/repos/o/r/pulls", new StringContent("""{"title":"t"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["POST /repos/o/r/pulls {\"title\":\"t\"}", "POST /repos/o/r/pulls {\"title\":\"t\"}"], _server.Requests);
        Assert.Equal([TimeSpan.FromSeconds(7)], _clock.Waits);
    }

    [Fact]
    public async Task Github_secondary_rate_limit_without_a_header_waits_a_minute_then_twice_as_long()
    {
        const string Limited = """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}""";
        _server.Then(HttpStatusCode.Forbidden, Limited).Then(HttpStatusCode.Forbidden, Limited).Then(HttpStatusCode.OK, "{}");
        using var client = Client(ServicePolicies.GitHub);

        using var response = await client.GetAsync("/repos/o/r/pulls");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)], _clock.Waits);
    }

    [Fact]
    public async Task A_permission_403_is_final_and_its_body_is_still_readable()
    {
        const string Body = """{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/pulls/pulls#create-a-pull-request","status":"403"}""";
        _server.Then(HttpStatusCode.Forbidden, Body);
        using var client = Client(ServicePolicies.GitHub);

        using var response = await client.PostAsync("/repos/o/r/pulls", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(Body, await response.Content.ReadAsStringAsync());
        Assert.Single(_server.Requests);
        Assert.Empty(_clock.Waits);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Final_answers_are_not_asked_again(int status)
    {
        _server.Then((HttpStatusCode)status, """{"message":"no"}""");
        using var client = Client(ServicePolicies.GitHub);

        using var response = await client.GetAsync("/repos/o/r");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_reset_later_than_the_wait_timeout_is_not_waited_for_and_says_why()
    {
        var reset = Now.AddHours(1).ToUnixTimeSeconds();
        _server.Then(HttpStatusCode.Forbidden, """{"message":"API rate limit exceeded"}""", ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset.ToString()));
        using var client = Client(ServicePolicies.GitHub, waitTimeout: TimeSpan.FromMinutes(2));

        using var response = await client.GetAsync("/repos/o/r");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(_server.Requests);
        Assert.Equal(TimeSpan.Zero, _clock.Elapsed);
        Assert.Contains(_log.Messages, m => m == "GitHub: 403: the primary rate limit is used up (x-ratelimit-remaining: 0) to GET /repos/o/r — not asking again: " +
            "the next try (10:00:01) would come after the wait timeout (2 min, until 09:02:00 UTC)");
    }

    [Fact]
    public async Task Retries_stop_at_the_wait_timeout_and_the_last_answer_goes_back()
    {
        _server.Then(HttpStatusCode.ServiceUnavailable);
        using var client = Client(ServicePolicies.GitHub, waitTimeout: TimeSpan.FromSeconds(100));

        using var response = await client.GetAsync("/repos/o/r");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.InRange(_clock.Elapsed, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(100));
        Assert.All(_clock.Waits, w => Assert.True(w <= TimeSpan.FromSeconds(30), $"a wait of {w} passes the 30 s cap"));
        Assert.Contains(_log.Messages, m => m.Contains("not asking again: the next try", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kubernetes_429_waits_for_the_status_details_retry_after_seconds_when_there_is_no_header()
    {
        _server.Then((HttpStatusCode)429, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","details":{"retryAfterSeconds":3},"code":429}""")
            .Then(HttpStatusCode.OK, "{}");
        using var client = Client(ServicePolicies.Kubernetes);

        using var response = await client.PostAsync("/api/v1/namespaces/dev/secrets", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(3)], _clock.Waits);
    }

    [Fact]
    public async Task Kubernetes_5xx_is_asked_again_for_repeat_safe_requests_but_not_for_an_unguarded_patch()
    {
        using var client = Client(ServicePolicies.Kubernetes);
        _server.Then(HttpStatusCode.InternalServerError).Then(HttpStatusCode.OK, "{}");
        using (var read = await client.GetAsync("/api/v1/namespaces/dev/pods")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        _server.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK, "{}");
        var apply = new StringContent("{}", System.Text.Encoding.UTF8, "application/apply-patch+yaml");
        using (var applied = await client.PatchAsync("/api/v1/namespaces/dev/secrets/s?fieldManager=logforge-build", apply))
            Assert.Equal(HttpStatusCode.OK, applied.StatusCode);

        // A create repeated after it was stored answers 409 AlreadyExists, which its callers take as done.
        _server.Then(HttpStatusCode.InternalServerError).Then(HttpStatusCode.Created, "{}");
        using (var created = await client.PostAsync("/api/v1/namespaces/dev/secrets", new StringContent("{}")))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // A merge patch guarded by metadata.resourceVersion: a repeat after it was stored answers 409 Conflict.
        _server.Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.OK, "{}");
        var guarded = new StringContent("""{"metadata":{"resourceVersion":"41"},"operation":{}}""", System.Text.Encoding.UTF8, "application/merge-patch+json");
        using (var patched = await client.PatchAsync("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/a", guarded))
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        // Without the guard a repeat could do the work twice (a second Argo CD operation): final.
        _server.Then(HttpStatusCode.InternalServerError);
        var unguarded = new StringContent("""{"operation":{}}""", System.Text.Encoding.UTF8, "application/merge-patch+json");
        using var refused = await client.PatchAsync("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/a", unguarded);
        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Equal(9, _server.Requests.Count);
    }

    [Fact]
    public async Task A_reset_connection_is_asked_again_for_a_read_only()
    {
        _server.ThenReset().Then(HttpStatusCode.OK, "{}");
        using var client = Client(ServicePolicies.Kubernetes);
        using (var read = await client.GetAsync("/api/v1/namespaces")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        _server.ThenReset();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PutAsync("/api/v1/namespaces/dev", new StringContent("{}")));
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task A_cancelled_wait_ends_at_once()
    {
        _server.Then(HttpStatusCode.ServiceUnavailable);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(); // does not move by itself: the wait would last forever
        var handler = ServicePolicies.Minio(new RetryBudget(TimeSpan.FromMinutes(10), clock, _log.Logger));
        handler.InnerHandler = _server;
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://server.test") };
        using var cancel = new CancellationTokenSource();
        var retried = new TaskCompletionSource();
        _log.OnMessage = m => { if (m.StartsWith("MinIO: 503", StringComparison.Ordinal)) retried.TrySetResult(); };

        var request = client.GetAsync("/logforge-staging", cancel.Token);
        await retried.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(_server.Requests);
    }
}
