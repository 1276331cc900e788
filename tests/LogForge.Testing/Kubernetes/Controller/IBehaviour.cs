namespace LogForge.Testing.Kubernetes.Controller;

/// <summary>One simulated controller: it reacts to store events for the resources it owns.</summary>
internal interface IBehaviour
{
    bool Enabled { get; }

    void OnEvent(StoreEvent evt, ControllerContext context);
}
