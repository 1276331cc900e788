using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LogForge.Delivery.Tools;

namespace LogForge.Testing.Storage;

/// <summary>
/// s3rver (a real S3-protocol HTTP server from npm, pinned S3RVER_VERSION) on a free 127.0.0.1 port
/// with a temporary directory. `./build.sh Test` installs it into .tools/ first; LOGFORGE_S3RVER
/// points at another binary.
/// </summary>
public sealed class S3rverServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly string _directory;

    private S3rverServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }
    public string Endpoint => $"127.0.0.1:{Port}";
    public IPEndPoint IPEndPoint => new(IPAddress.Loopback, Port);

    public static async Task<S3rverServer> StartAsync()
    {
        var binary = Environment.GetEnvironmentVariable("LOGFORGE_S3RVER") is { Length: > 0 } configured ? configured : ToolPaths.S3rverExecutable(RepositoryRoot.Path);
        if (!File.Exists(binary))
            throw new InvalidOperationException($"s3rver is not installed at {binary} — run ./build.sh Test (it installs the pinned s3rver) or set LOGFORGE_S3RVER");
        var directory = Directory.CreateTempSubdirectory("logforge-s3rver-").FullName;
        var port = LogForge.Delivery.Smoke.Local.LoopbackPort.Free();
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-d", directory, "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--silent" })
            info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3rverServer(process, directory, port);
        await server.WaitListeningAsync();
        return server;
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}");
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("s3rver did not listen within 20 s");
    }


    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
