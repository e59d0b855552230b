using Microsoft.AspNetCore.Connections;

namespace Registration.Api.Platform.Problems;

/// <summary>Recognises a failure that only means the client went away, so that it is neither answered nor logged as ours.</summary>
internal static class ClientDisconnects
{
    /// <summary>
    /// A read of the body failed because the client reset the connection. Kestrel's transport can fail the read before it
    /// has aborted the request, so the request's aborted token may not be cancelled yet when this is seen.
    /// </summary>
    public static bool IsReset(Exception exception) =>
        exception is ConnectionResetException || exception.InnerException is ConnectionResetException;

    public static bool WentAway(HttpContext http, Exception exception) =>
        IsReset(exception) || http.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException;
}
