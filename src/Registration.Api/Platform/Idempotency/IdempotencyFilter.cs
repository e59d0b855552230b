using System.Text.Json;
using FastEndpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;

namespace Registration.Api.Platform.Idempotency;

/// <summary>Endpoint metadata: the operation honours <c>Idempotency-Key</c> (the OpenAPI document shows it on exactly these).</summary>
public sealed record IdempotentOperation;

public static class IdempotencySetup
{
    public static IServiceCollection AddRegistrationIdempotency(this IServiceCollection services) => services.AddScoped<IdempotencyStore>();

    /// <summary>
    /// The one line an operation that creates adds to its <c>Description(...)</c> to honour <c>Idempotency-Key</c>: the
    /// same key and request replay the first answer, another request with the key is <c>422 idempotency-key-reused</c>,
    /// and a duplicate while the first is processed is <c>409 request-in-progress</c>. For the answer to be stored in the
    /// same transaction as the change, the operation makes its change in one <c>db.InTransactionAsync</c> unit
    /// (<see cref="HeldCommit"/>); what must see the committed change goes through <c>db.AfterCommitAsync</c>.
    /// </summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IdempotentOperation()).AddEndpointFilter<IdempotencyFilter>();
}

/// <summary>
/// Runs an operation under its caller's <c>Idempotency-Key</c>, after the IETF draft "The Idempotency-Key HTTP Header
/// Field" and Stripe's behaviour:
/// <list type="bullet">
/// <item>The key is claimed in the database before the operation runs; the answer is kept in memory until it is stored,
/// and reaches the client only then, so a client never learns of a success whose answer a retry could not replay.</item>
/// <item>A success is stored in the transaction of the operation's change (<see cref="HeldCommit"/>): both commit or neither.</item>
/// <item>Kept too: the operation's refusals (4xx: <c>404</c>, <c>409 email-taken</c>, <c>registration-closed</c>, ...),
/// replayed like a success. Not kept, so that a retry runs again: failures (5xx, <c>503</c> included), a lost race
/// (<c>409 concurrency-conflict</c>), and a request the operation could not take as sent (<c>400</c>, <c>413</c>,
/// <c>415</c>): nothing ran, and a corrected request may use the key.</item>
/// </list>
/// </summary>
internal sealed class IdempotencyFilter : IEndpointFilter
{
    private static readonly HashSet<string> RetriableCodes = new(StringComparer.Ordinal)
    {
        ErrorCodes.ValidationFailed,
        ErrorCodes.MalformedRequest,
        ErrorCodes.PayloadTooLarge,
        ErrorCodes.UnsupportedMediaType,
        ErrorCodes.ConcurrencyConflict,
    };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var key = IdempotencyKey.Read(http.Request);
        if (key is null || http.User.Identity?.IsAuthenticated != true)
        {
            return await next(invocation);
        }

        var ct = http.RequestAborted;
        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var scope = new IdempotencyScope(http.User.Subject(), OperationOf(http), key);
        var outcome = await store.ClaimAsync(scope, await RequestFingerprint.ComputeAsync(http.Request, ct), ct);
        switch (outcome)
        {
            case ClaimOutcome.Answered answered:
                await ReplayAsync(http, answered.Response, ct);
                return Results.Empty;
            case ClaimOutcome.Reused:
                throw new DomainFailure(FailureKind.Unprocessable, ErrorCodes.IdempotencyKeyReused,
                    "This Idempotency-Key was used for a different request (another body or path) within the last 24 hours; use a new key for a new request.");
            case ClaimOutcome.InProgress inProgress:
                throw InProgress(inProgress.RetryAfter);
        }

        var claim = ((ClaimOutcome.Claimed)outcome).Claim;
        StoredResponse response;
        try
        {
            response = await RunAndStoreAsync(invocation, next, store, claim);
        }
        catch
        {
            // Nothing was stored: give the key up so that a retry runs the operation (if the database lets us; else the lease ends).
            await TryReleaseAsync(store, claim);
            throw;
        }

        http.Response.StatusCode = response.Status;
        await http.Response.Body.WriteAsync(response.Body, ct);
        return Results.Empty;
    }

    /// <summary>Runs the operation with its answer buffered and its commit held, then keeps or gives up the answer.</summary>
    private static async Task<StoredResponse> RunAndStoreAsync(
        EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, IdempotencyStore store, IdempotencyClaim claim)
    {
        var http = invocation.HttpContext;
        var original = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var buffer = new MemoryStream();
        await using var held = new HeldCommit();
        try
        {
            var buffering = new StreamResponseBodyFeature(buffer, original);
            http.Features.Set<IHttpResponseBodyFeature>(buffering);
            try
            {
                await HeldCommit.RunAsync(held, () => RunOperationAsync(invocation, next));
            }
            catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
            {
                // The operation's refusal or failure is answered here, as the failure handler answers it anywhere, so that it can be kept.
                await held.RollbackAsync();
                buffer = new MemoryStream();
                buffering = new StreamResponseBodyFeature(buffer, original);
                http.Features.Set<IHttpResponseBodyFeature>(buffering);
                http.Response.Clear();
                if (!await AnswerFailureAsync(http, failure))
                {
                    throw;
                }
            }

            await buffering.CompleteAsync();
        }
        finally
        {
            http.Features.Set(original);
        }

        var response = new StoredResponse(
            http.Response.StatusCode,
            StoredResponse.Replayed
                .Where(name => http.Response.Headers.ContainsKey(name))
                .ToDictionary(name => name, name => http.Response.Headers[name].ToString(), StringComparer.OrdinalIgnoreCase),
            buffer.ToArray());
        var ct = http.RequestAborted;
        if (held.Holding)
        {
            // The change and its answer commit together; a failure answer (5xx) takes the change back with it.
            if (response.Status >= 500)
            {
                await held.RollbackAsync();
                await TryReleaseAsync(store, claim);
            }
            else if (await held.CommitAsync((connection, transaction, ct) => store.CompleteAsync(connection, transaction, claim, response, ct), ct))
            {
                await RunAfterCommitAsync(http, held);
            }
            else
            {
                // The lease ran out and a retry took the claim over: this request's change is rolled back, the retry's counts.
                throw InProgress(IdempotencyStore.RetryAfter);
            }
        }
        else if (IsKept(response))
        {
            if (!await store.CompleteAsync(claim, response, ct))
            {
                throw InProgress(IdempotencyStore.RetryAfter);
            }
        }
        else
        {
            await TryReleaseAsync(store, claim);
        }

        return response;
    }

    /// <summary>
    /// Runs the operation to its answer. FastEndpoints' route handler returns the endpoint as a result that ASP.NET would
    /// run after the filters; here it must run inside them, with the answer buffered and the commit held.
    /// </summary>
    private static async Task<bool> RunOperationAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        if (await next(invocation) is IResult result)
        {
            await result.ExecuteAsync(invocation.HttpContext);
        }

        return true;
    }

    /// <summary>What the operation left for after its commit. The change and its answer are stored: a failure here is logged, and the answer stands.</summary>
    private static async Task RunAfterCommitAsync(HttpContext http, HeldCommit held)
    {
        foreach (var action in held.AfterCommitActions)
        {
            try
            {
                await action(CancellationToken.None);
            }
            catch (Exception failure)
            {
                http.RequestServices.GetRequiredService<ILogger<IdempotencyFilter>>()
                    .LogError(failure, "A step after the commit of {Method} {Path} failed; the change and its answer stand", http.Request.Method, http.Request.Path);
            }
        }
    }

    /// <summary>Answers a failure of the operation through the application's failure handler (the one place that maps failures to problems).</summary>
    private static async Task<bool> AnswerFailureAsync(HttpContext http, Exception failure)
    {
        http.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature
        {
            Error = failure,
            Path = http.Request.Path,
            Endpoint = http.GetEndpoint(),
            RouteValues = http.Request.RouteValues,
        });
        foreach (var handler in http.RequestServices.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(http, failure, http.RequestAborted))
            {
                return !http.RequestAborted.IsCancellationRequested;
            }
        }

        return false;
    }

    /// <summary>Whether an answer given without a change is kept for replay: the operation's refusals, not failures nor what a retry may change.</summary>
    private static bool IsKept(StoredResponse response)
    {
        if (response.Status is < 200 or >= 500)
        {
            return false;
        }

        if (response.Status < 400)
        {
            return true;
        }

        try
        {
            using var problem = JsonDocument.Parse(response.Body);
            return !(problem.RootElement.TryGetProperty("code", out var code) && RetriableCodes.Contains(code.GetString() ?? ""));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task ReplayAsync(HttpContext http, StoredResponse response, CancellationToken ct)
    {
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        await http.Response.Body.WriteAsync(response.Body, ct);
    }

    private static async Task TryReleaseAsync(IdempotencyStore store, IdempotencyClaim claim)
    {
        try
        {
            await store.ReleaseAsync(claim, CancellationToken.None);
        }
        catch (Exception)
        {
            // The database is away: the claim's lease runs out instead, and a retry then takes it over.
        }
    }

    private static DomainFailure InProgress(TimeSpan retryAfter) =>
        new(FailureKind.Conflict, ErrorCodes.RequestInProgress,
            "A request with this Idempotency-Key is being processed; retry after the seconds Retry-After gives to receive its answer.")
        {
            RetryAfter = retryAfter,
        };

    /// <summary>The operation a key belongs to: its operation id (the endpoint's class), as the OpenAPI document names it.</summary>
    private static string OperationOf(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>()?.EndpointType.Name
        ?? http.GetEndpoint()?.DisplayName
        ?? http.Request.Path;
}
