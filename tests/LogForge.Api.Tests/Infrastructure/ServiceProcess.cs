using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>
/// The built service (LogForge.Api.dll, copied next to the tests) run as a child process with
/// `dotnet`, listening on a free 127.0.0.1 port.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The process started (the launcher's, when there is one).</summary>
    public int Pid => _process.Id;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Completes once the service has written a line holding <paramref name="text"/>. Its output is read as it comes, so
    /// what it wrote just before an answer may not be in <see cref="Output"/> yet; 60 s without it means the test is hung.</summary>
    public Task WrittenAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal)) return Task.CompletedTask;
            _awaited.Add((text, seen));
        }
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public static string ApiDll => Path.Combine(AppContext.BaseDirectory, "LogForge.Api.dll");

    public static ServiceProcess Start(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] arguments) =>
        StartUnder([], environment, workingDirectory, arguments);

    /// <summary>
    /// Like <see cref="Start"/>, run through <paramref name="launcher"/> (a program and its arguments that
    /// end up running `dotnet LogForge.Api.dll …`, such as strace or a shell that execs).
    /// </summary>
    public static ServiceProcess StartUnder(IReadOnlyList<string> launcher, IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] arguments)
    {
        var port = LogForge.Delivery.Smoke.Local.LoopbackPort.Free();
        var info = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launcher.Count > 0)
        {
            foreach (var argument in launcher.Skip(1))
            {
                info.ArgumentList.Add(argument);
            }

            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(ApiDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("LOGFORGE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new ServiceProcess(Process.Start(info)!, port);
    }

    /// <summary>Waits until GET /health answers 200.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"LogForge exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"LogForge did not become healthy within {timeout}:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>The compact-JSON log events the service wrote on stdout so far.</summary>
    public List<JsonElement> LogEvents() => Output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(line => line.StartsWith('{'))
        .Select(line => JsonDocument.Parse(line).RootElement.Clone())
        .ToList();

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM: the graceful shutdown path.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGTERM to the service a launcher started (its one child), so the launcher ends with it.</summary>
    public void TerminateLaunched()
    {
        var child = File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Trim();
        using var kill = Process.Start("kill", ["-TERM", child]);
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var awaited in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)).ToList())
            {
                awaited.Seen.TrySetResult();
                _awaited.Remove(awaited);
            }
        }
    }
}
