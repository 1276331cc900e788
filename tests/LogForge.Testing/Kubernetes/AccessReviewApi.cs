// SelfSubjectAccessReview: "may I?" asked of the API server's authorizer. POST
// /apis/authorization.k8s.io/v1/selfsubjectaccessreviews with spec.resourceAttributes {namespace, verb, group, resource,
// subresource, name}; the answer is the review back, 201 Created, with status.allowed (and status.reason when denied).
// Nothing is stored. Followed: kubernetes/kubernetes pkg/registry/authorization/selfsubjectaccessreview/rest.go (Create:
// the user from the request context, the attributes to the authorizer, status filled in) and
// staging/src/k8s.io/api/authorization/v1/types.go. Any user may create one (RBAC's default system:basic-user role).
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LogForge.Testing.Kubernetes;

internal static class AccessReviewApi
{
    public static bool Serves(RequestInfo info) =>
        info is { IsResourceRequest: true, Group: "authorization.k8s.io", Version: "v1", Resource: "selfsubjectaccessreviews", Verb: "create" };

    public static async Task<int> HandleAsync(HttpContext http, AccessControl access)
    {
        var review = JsonNode.Parse(await HttpIo.ReadBodyAsync(http)) as JsonObject
            ?? throw StatusError.BadRequest("the request body is not a JSON object");
        if (review["spec"]?["resourceAttributes"] is not JsonObject attributes)
            throw StatusError.Invalid("authorization.k8s.io", "SelfSubjectAccessReview", "",
                [new StatusCause("FieldValueInvalid", "exactly one of nonResourceAttributes or resourceAttributes must be specified", "spec.resourceAttributes")]);
        string Text(string key) => attributes[key]?.GetValue<string>() ?? "";
        var asked = new RequestInfo(true, Text("verb"), Text("group"), Text("version"), Text("namespace"), Text("resource"), Text("name"), Text("subresource"));
        var allowed = access.Allows(asked);
        var status = new JsonObject { ["allowed"] = allowed };
        if (!allowed) status["reason"] = "denied by the test server's rules";
        review["status"] = status;
        review["metadata"] ??= new JsonObject();
        await HttpIo.WriteJsonAsync(http, 201, review);
        return 201;
    }
}
