using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Problems;

/// <summary>
/// Kestrel refuses some requests itself, before any middleware runs — a path with <c>%00</c> (400), a request line over
/// its limit (414), headers over theirs (431), headers too slow (408) — and answers them with an empty body. This
/// connection middleware turns exactly those answers into problem details, like every other error of the API: the
/// HTTP pipeline marks when the application is handling a request on the connection; anything Kestrel writes
/// outside of that, starting <c>HTTP/1.x 4xx</c> with <c>Content-Length: 0</c>, is such a refusal and is rewritten
/// (Kestrel closes the connection after it). Everything else passes through untouched, HTTP/2 and TLS included.
/// </summary>
public static class KestrelRejections
{
    public static void UseProblemAnswers(this ListenOptions listen) => listen.Use(next => async connection =>
    {
        var state = new ConnectionState();
        connection.Items[typeof(ConnectionState)] = state;
        var transport = connection.Transport;
        connection.Transport = new RewritingPipe(transport, state);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    });

    /// <summary>Marks, for the connection, that the application is handling a request until its response completes.</summary>
    public static WebApplication UseKestrelRejectionTracking(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(typeof(ConnectionState), out var item) == true
                && item is ConnectionState state)
            {
                Interlocked.Increment(ref state.InApplication);
                context.Response.OnCompleted(() =>
                {
                    Interlocked.Decrement(ref state.InApplication);
                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
        return app;
    }

    internal static byte[] Problem(int status, string reason)
    {
        var (code, detail) = status switch
        {
            StatusCodes.Status414UriTooLong => (ErrorCodes.UriTooLong, "The request line (path and query) is longer than the server accepts."),
            StatusCodes.Status431RequestHeaderFieldsTooLarge => (ErrorCodes.RequestHeadersTooLarge, "The request's headers are larger than the server accepts."),
            StatusCodes.Status408RequestTimeout => (ErrorCodes.RequestTimeout, "The request's headers did not arrive in time."),
            _ => (ErrorCodes.MalformedRequest, "The request could not be read: its request line or headers are malformed (for example, a path with %00)."),
        };
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}",
            ["title"] = reason,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        });
    }

    private sealed class ConnectionState
    {
        public int InApplication;
        public bool PassThrough;
    }

    private sealed class RewritingPipe(IDuplexPipe inner, ConnectionState state) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;

        public PipeWriter Output { get; } = new RewritingWriter(inner.Output, state);
    }

    private sealed class RewritingWriter(PipeWriter inner, ConnectionState state) : PipeWriter
    {
        private ArrayBufferWriter<byte>? captured;
        private bool writingCaptured;

        private bool Capturing => captured is not null || (!state.PassThrough && Volatile.Read(ref state.InApplication) == 0);

        public override Memory<byte> GetMemory(int sizeHint = 0) =>
            (writingCaptured = Capturing) ? (captured ??= new()).GetMemory(sizeHint) : inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) =>
            (writingCaptured = Capturing) ? (captured ??= new()).GetSpan(sizeHint) : inner.GetSpan(sizeHint);

        public override void Advance(int bytes)
        {
            if (writingCaptured)
            {
                captured!.Advance(bytes);
            }
            else
            {
                inner.Advance(bytes);
            }
        }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + (captured?.WrittenCount ?? 0);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Release();
            return await inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            Release();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            Release();
            await inner.CompleteAsync(exception);
        }

        /// <summary>Hands what was held back to the transport: a refusal rewritten, anything else as it was.</summary>
        private void Release()
        {
            if (captured is not { WrittenCount: > 0 } held)
            {
                return;
            }

            captured = null;
            var bytes = held.WrittenSpan;
            if (!bytes.StartsWith("HTTP/1."u8))
            {
                state.PassThrough = true; // HTTP/2 frames or TLS records: never look again
                inner.Write(bytes);
                return;
            }

            inner.Write(TryRewrite(bytes) ?? bytes.ToArray());
        }

        private static byte[]? TryRewrite(ReadOnlySpan<byte> response)
        {
            var headEnd = response.IndexOf("\r\n\r\n"u8);
            if (headEnd < 0 || headEnd + 4 != response.Length)
            {
                return null;
            }

            var head = Encoding.Latin1.GetString(response[..headEnd]);
            var lines = head.Split("\r\n");
            var statusLine = lines[0].Split(' ', 3);
            if (statusLine.Length < 2 || !int.TryParse(statusLine[1], out var status) || status is < 400 or > 599
                || !lines.Any(line => line.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            var body = Problem(status, statusLine.Length > 2 ? statusLine[2] : "Bad Request");
            var rewritten = new StringBuilder().Append(lines[0]).Append("\r\n")
                .Append("Content-Type: ").Append(ProblemSetup.ContentType).Append("\r\n")
                .Append("Content-Length: ").Append(body.Length).Append("\r\n");
            foreach (var line in lines.Skip(1).Where(line => !line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
            {
                rewritten.Append(line).Append("\r\n");
            }

            return [.. Encoding.Latin1.GetBytes(rewritten.Append("\r\n").ToString()), .. body];
        }
    }
}
