using System.Net.Sockets;

namespace LogForge.Delivery.Resilience;

/// <summary>Which failures to get an answer at all are worth another try: a connection the server reset or closed
/// mid-answer (a restarting API server, a proxy). A refused connection or an unknown host is not: the address is
/// wrong or nothing runs there, and waiting minutes to say so helps nobody.</summary>
public static class ConnectionFaults
{
    public static TransientFault? Classify(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => new TransientFault("the connection ended before the answer"),
        _ when Find<SocketException>(exception) is { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted } =>
            new TransientFault("the connection was reset"),
        HttpRequestException when Find<IOException>(exception) is { } io && io.Message.Contains("reset", StringComparison.OrdinalIgnoreCase) =>
            new TransientFault("the connection was reset"),
        _ => null,
    };

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is T found) return found;
        return null;
    }
}
