using System.Net.Http.Headers;
using System.Text;

namespace LogForge.Testing.Storage;

/// <summary>
/// s3rver answers ListObjects with the XML namespace http://doc.s3.amazonaws.com/2006-03-01/ where S3
/// uses http://s3.amazonaws.com/doc/2006-03-01/; the Minio SDK then lists nothing. This rewrites it.
/// </summary>
public sealed class S3rverListingFix : DelegatingHandler
{
    private const string S3rverNamespace = "http://doc.s3.amazonaws.com/2006-03-01/";
    private const string S3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType is not ("application/xml" or "text/xml"))
        {
            return response;
        }

        var xml = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!xml.Contains(S3rverNamespace, StringComparison.Ordinal))
        {
            response.Content = Replace(response.Content, xml);
            return response;
        }

        response.Content = Replace(response.Content, xml.Replace(S3rverNamespace, S3Namespace, StringComparison.Ordinal));
        return response;
    }

    private static StringContent Replace(HttpContent original, string xml)
    {
        var content = new StringContent(xml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(original.Headers.ContentType!.MediaType!);
        return content;
    }
}
