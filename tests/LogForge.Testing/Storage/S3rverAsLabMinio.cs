using System.Text.Json.Nodes;
using LogForge.Testing.Kubernetes;

namespace LogForge.Testing.Storage;

/// <summary>s3rver standing in for the lab's MinIO in the fake API server: Secret storage/minio-root holds s3rver's
/// credentials (Bootstrap keeps an existing one), and the MinIO pods' API port forwards to s3rver.</summary>
public static class S3rverAsLabMinio
{
    /// <summary>Before Bootstrap: the namespace and the root Secret.</summary>
    public static void SeedRootSecret(FakeKubernetesServer kube)
    {
        if (kube.Get("Namespace", null, "storage") is null)
            kube.Seed(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "storage" } });
        kube.Seed(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "minio-root", ["namespace"] = "storage" },
            ["stringData"] = new JsonObject { ["MINIO_ROOT_USER"] = S3rverServer.AccessKey, ["MINIO_ROOT_PASSWORD"] = S3rverServer.SecretKey },
        });
    }

    /// <summary>The pods labelled app=minio forward port 9000 to s3rver.</summary>
    public static void ForwardTo(FakeKubernetesServer kube, S3rverServer s3) => kube.PortForwards.MapSelector("storage", "app=minio", 9000, s3.IPEndPoint);
}
