using System.Diagnostics;
using System.Net.Sockets;
using Minio;
using Minio.DataModel.Args;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>
/// s3rver (a real S3-protocol HTTP server from npm) on a free 127.0.0.1 port with a temp directory.
/// Installed by: npm install --prefix .tools s3rver@3.7.1 (or point LOGFORGE_S3RVER at the binary).
/// </summary>
public sealed class S3rver : IAsyncLifetime
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string InstallCommand = "npm install --prefix .tools s3rver@3.7.1";

    private readonly TempDirectory _directory = new();
    private Process? _process;
    private int _port;

    public string Endpoint => $"127.0.0.1:{_port}";

    public async Task InitializeAsync()
    {
        var binary = Locate();
        _port = FreePort.Next();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-d", _directory.Path, "-a", "127.0.0.1", "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitListeningAsync();
    }

    /// <summary>A Minio client for the tests; its HTTP handler fixes s3rver's ListObjects XML namespace.</summary>
    public IMinioClient Client() => new MinioClient()
        .WithEndpoint(Endpoint)
        .WithCredentials(AccessKey, SecretKey)
        .WithSSL(false)
        .WithHttpClient(new HttpClient(new S3rverListingFix { InnerHandler = new HttpClientHandler() }))
        .Build();

    public async Task<string> CreateBucketAsync(string name)
    {
        using var client = Client();
        await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(name));
        return name;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _directory.Dispose();
    }

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("LOGFORGE_S3RVER");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"LOGFORGE_S3RVER={configured} does not exist; run: {InstallCommand}");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".tools", "node_modules", ".bin", "s3rver");
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(Path.Combine(directory.FullName, "LogForge.sln")))
            {
                break;
            }
        }

        throw new InvalidOperationException($"s3rver is not installed (looked for <repo>/.tools/node_modules/.bin/s3rver); run: {InstallCommand}");
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}");
            }

            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", _port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("s3rver did not listen within 20 s");
    }
}

[CollectionDefinition(Name)]
public sealed class BackendsCollection : ICollectionFixture<S3rver>, ICollectionFixture<KafkaMockCluster>
{
    public const string Name = "Kafka and S3";
}
