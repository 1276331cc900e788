// The Job controller for run-to-completion pods. Followed: kubernetes/kubernetes pkg/controller/job/job_controller.go
// (one pod "<job>-<5 chars>" per parallelism slot with labels batch.kubernetes.io/job-name, job-name,
// batch.kubernetes.io/controller-uid and controller-uid; status active/ready/succeeded/failed, startTime,
// completionTime, conditions SuccessCriteriaMet then Complete once completions pods succeeded).
using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes.Controller;

internal sealed class JobBehaviour(FakeController controller) : IBehaviour
{
    private const string Manager = "kube-controller-manager";

    public bool Enabled => controller.RunWorkloads;

    public void OnEvent(StoreEvent evt, ControllerContext context)
    {
        var obj = evt.Object;
        var ns = obj.Namespace();
        if (evt.Resource is { Group: "batch", Plural: "jobs" } && evt.Type != "DELETED")
            context.Once($"job:{ns}/{obj.Name()}", TimeSpan.Zero, () => Reconcile(context, ns, obj.Name()));
        else if (evt.Resource is { Group: "", Plural: "pods" } && Pods.ControllerOf(obj) is { } owner && owner.Str("kind") == "Job"
                 && owner.Str("name") is { } job)
            context.Once($"job:{ns}/{job}", TimeSpan.Zero, () => Reconcile(context, ns, job));
    }

    private static void Reconcile(ControllerContext context, string ns, string name)
    {
        var jobType = context.Type("batch", "jobs");
        var podType = context.Type("", "pods");
        var job = context.Get(jobType, ns, name);
        if (job is null || Pods.IsDeleting(job) || StatusConditions.IsTrue(job, "Complete"))
            return;
        var completions = job.Long("spec", "completions") ?? 1;
        var parallelism = job.Long("spec", "parallelism") ?? 1;
        var pods = context.List(podType, ns).Where(p => Pods.OwnedBy(p, job)).ToList();
        var succeeded = pods.Count(p => p.Str("status", "phase") == "Succeeded");
        var failed = pods.Count(p => p.Str("status", "phase") == "Failed");
        var active = pods.Count(p => p.Str("status", "phase") is not ("Succeeded" or "Failed") && !Pods.IsDeleting(p));
        var node = Pods.PickNode(context)?.Name();
        var labels = new Dictionary<string, string>
        {
            ["batch.kubernetes.io/job-name"] = name,
            ["job-name"] = name,
            ["batch.kubernetes.io/controller-uid"] = job.Uid(),
            ["controller-uid"] = job.Uid(),
        };
        for (var i = active; i < Math.Min(parallelism, completions - succeeded); i++)
        {
            context.Create(podType, Pods.FromTemplate(job.ObjectAt("spec", "template"), ns, $"{name}-{Pods.RandomSuffix()}", job, node, labels), Manager);
            active++;
        }
        var ready = pods.Count(Pods.IsReady);
        context.Update(jobType, ns, name, j =>
        {
            var status = j.Child("status");
            status["startTime"] ??= JsonTree.Now();
            StatusConditions.Count(status, "active", active);
            status["ready"] = ready;
            StatusConditions.Count(status, "succeeded", succeeded);
            StatusConditions.Count(status, "failed", failed);
            status["terminating"] = 0;
            status["uncountedTerminatedPods"] = new JsonObject();
            if (succeeded >= completions)
            {
                status["completionTime"] = JsonTree.Now();
                StatusConditions.Set(status, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods");
                StatusConditions.Set(status, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods");
            }
            return true;
        }, Manager);
    }
}
