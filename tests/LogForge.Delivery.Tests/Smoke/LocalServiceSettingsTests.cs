using LogForge.Delivery.Smoke.Local;

namespace LogForge.Delivery.Tests.Smoke;

public sealed class LocalServiceSettingsTests
{
    [Fact]
    public void The_configmap_is_kept_except_environment_data_directory_and_key_and_the_shells_settings_are_removed()
    {
        var configMap = new Dictionary<string, string>
        {
            ["LOGFORGE_ENVIRONMENT"] = "dev",
            ["LOGFORGE_DATA_DIR"] = "/data",
            ["LOGFORGE_PIPELINE_VERSION"] = "1",
            ["LOGFORGE_FILE_FSYNC"] = "always",
        };

        var environment = LocalServiceSettings.Compose(configMap, "/tmp/smoke-data", "generated-key", ["PATH", "LOGFORGE_API_KEYS_FILE", "LOGFORGE_PIPELINE_VERSION"]);

        Assert.Equal(new Dictionary<string, string?>
        {
            ["LOGFORGE_API_KEYS_FILE"] = null,
            ["LOGFORGE_ENVIRONMENT"] = "local",
            ["LOGFORGE_DATA_DIR"] = "/tmp/smoke-data",
            ["LOGFORGE_PIPELINE_VERSION"] = "1",
            ["LOGFORGE_FILE_FSYNC"] = "always",
            ["LOGFORGE_API_KEYS"] = "generated-key",
        }, environment);
    }
}
