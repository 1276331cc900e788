using LogForge.Delivery.Tools;
using LogForge.Testing;

namespace LogForge.Delivery.Tests.Tools;

/// <summary>A helm binary that exec refuses with ETXTBSY (a write descriptor on it is still open somewhere, as a process forked right after
/// the install holds it) is asked again, not taken for "not runnable" at once; one that stays busy ends as null, never an exception.</summary>
public sealed class HelmVersionProbeTests
{
    [Fact]
    public async Task A_binary_held_open_for_writing_is_busy_then_answers_once_the_writer_closes()
    {
        var helm = await new HelmResolver(RepositoryRoot.Path).ResolveAsync();
        var directory = Directory.CreateTempSubdirectory("logforge-busy-helm-").FullName;
        try
        {
            var copy = Path.Combine(directory, "helm");
            File.Copy(helm.Executable, copy);

            using (new FileStream(copy, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                Assert.Null(await HelmVersionProbe.TryGetVersionAsync(copy, default)); // ETXTBSY on every try

            Assert.Equal("v4.1.4", await HelmVersionProbe.TryGetVersionAsync(copy, default));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
