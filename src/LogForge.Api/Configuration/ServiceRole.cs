namespace LogForge.Api.Configuration;

/// <summary>What this process does: serve the HTTP API (default) or archive the Kafka topic into the bucket.</summary>
public enum ServiceRole
{
    Api,
    Archiver,
}

public static class ServiceRoles
{
    public static bool TryParse(string? value, out ServiceRole role)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "api":
                role = ServiceRole.Api;
                return true;
            case "archiver":
                role = ServiceRole.Archiver;
                return true;
            default:
                role = ServiceRole.Api;
                return false;
        }
    }
}
