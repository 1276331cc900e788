using LogForge.Testing.Http;

namespace LogForge.Testing.GitHub;

/// <summary>
/// Transient answers the fake GitHub gives before its real ones: the next N requests of one route, or the first request of every
/// route a flow calls (a fault at every step). A write's fault can come after the write was carried out — a 502 from the proxy in
/// front of GitHub when the pull request already exists — so a retry that duplicated the side effect would show.
/// </summary>
public sealed class FakeFaults
{
    private readonly List<Planned> _planned = [];
    private readonly HashSet<string> _seen = [];
    private Func<string, GitHubResponse>? _everyStep;
    private bool _everyStepAfterWrites;

    private sealed class Planned(string method, string path, GitHubResponse response, int times, bool afterHandling)
    {
        public string Method { get; } = method;
        public string Path { get; } = path;
        public GitHubResponse Response { get; } = response;
        public bool AfterHandling { get; } = afterHandling;
        public int Remaining { get; set; } = times;
    }

    /// <summary>The next <paramref name="times"/> <paramref name="method"/> <paramref name="path"/> (below /api/v3) get <paramref name="response"/>;
    /// with <paramref name="afterHandling"/> each is carried out first and its answer replaced.</summary>
    public void Inject(string method, string path, GitHubResponse response, int times = 1, bool afterHandling = false)
    {
        lock (_planned) _planned.Add(new Planned(method, path, response, times, afterHandling));
    }

    /// <summary>The next <paramref name="method"/> <paramref name="path"/> (below /api/v3, or a git smart-HTTP path such as
    /// /o/r.git/git-receive-pack) waits until the test releases it; with <paramref name="afterHandling"/> it is carried out first
    /// and only its answer waits.</summary>
    public HeldRequest Hold(string method, string path, bool afterHandling = false)
    {
        var held = new HeldRequest($"{method} {path}");
        lock (_planned) _holds.Add((method, path, held, afterHandling));
        return held;
    }

    private readonly List<(string Method, string Path, HeldRequest Held, bool AfterHandling)> _holds = [];

    internal (HeldRequest Held, bool AfterHandling)? NextHold(string method, string path)
    {
        lock (_planned)
        {
            var index = _holds.FindIndex(h => h.Method == method && h.Path == path);
            if (index < 0) return null;
            var hold = _holds[index];
            _holds.RemoveAt(index);
            return (hold.Held, hold.AfterHandling);
        }
    }

    /// <summary>The first request of every API route (method and path) gets <paramref name="response"/> (given the route, "GET /repos/o/r");
    /// with <paramref name="writesAfterHandling"/>, writes (POST, PATCH, PUT) are carried out first.</summary>
    public void AtEveryStep(Func<string, GitHubResponse> response, bool writesAfterHandling = false)
    {
        lock (_planned)
        {
            _everyStep = response;
            _everyStepAfterWrites = writesAfterHandling;
        }
    }

    /// <summary>Routes that got a fault from <see cref="AtEveryStep"/>, in order ("POST /repos/o/r/pulls").</summary>
    public IReadOnlyList<string> FaultedSteps { get { lock (_planned) return _faulted.ToList(); } }

    private readonly List<string> _faulted = [];

    internal (GitHubResponse Response, bool AfterHandling)? Next(string method, string path)
    {
        lock (_planned)
        {
            var planned = _planned.FirstOrDefault(p => p.Method == method && p.Path == path && p.Remaining > 0);
            if (planned is not null)
            {
                planned.Remaining--;
                return (planned.Response, planned.AfterHandling);
            }
            var route = $"{method} {path}";
            if (_everyStep is null || !_seen.Add(route)) return null;
            _faulted.Add(route);
            return (_everyStep(route), _everyStepAfterWrites && method is "POST" or "PATCH" or "PUT");
        }
    }
}
