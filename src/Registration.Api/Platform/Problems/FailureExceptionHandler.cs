using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Registration.Api.Domain;
using Registration.Api.Platform.Health;

namespace Registration.Api.Platform.Problems;

/// <summary>
/// Answers every failure (the exception-handler middleware then logs nothing itself): exceptions that carry a meaning
/// for the client become their problem; a database that cannot be reached is a 503, logged once per outage by
/// <see cref="DatabaseAvailability"/>; a client that went away gets no answer and no error line; everything else is a
/// 500, logged here once with its stack trace.
/// </summary>
internal sealed class FailureExceptionHandler(IProblemDetailsService problems, DatabaseAvailability database, ILogger<FailureExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (ClientDisconnects.WentAway(httpContext, exception))
        {
            logger.LogDebug("{Method} {Path}: the client went away ({Reason})", httpContext.Request.Method, httpContext.Request.Path, exception.Message);

            // Ends the request as aborted: Kestrel then neither answers nor drains a body whose read the reset broke off
            // (draining it would fail, "the body reader is in an invalid state", and be logged as an error).
            httpContext.Abort();
            return true;
        }

        var problem = exception switch
        {
            DomainFailure failure => FromDomain(httpContext, failure),
            DbUpdateException when Http.Concurrency.IsConflict(exception) => Create(
                StatusCodes.Status409Conflict,
                ErrorCodes.ConcurrencyConflict,
                "The resource was changed by another request.",
                "Someone else changed this resource at the same time; read it again and retry."),
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique } =>
                UniqueConstraints.ToProblem(unique.ConstraintName, httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint),
            BadHttpRequestException bad => Create(
                bad.StatusCode,
                bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.PayloadTooLarge : ErrorCodes.MalformedRequest,
                "The request could not be read.",
                bad.Message),
            Pdf.PdfTooComplexException tooComplex => TooComplex(tooComplex),
            _ when DatabaseAvailability.IsUnavailable(exception) => Unavailable(httpContext, exception),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled failure for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Create(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "An error occurred while processing your request.",
                "The server failed to process the request; it has been logged.");
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    internal static ProblemDetails Create(int status, string code, string title, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return problem;
    }

    private ProblemDetails Unavailable(HttpContext httpContext, Exception exception)
    {
        database.ReportFailure(exception);
        httpContext.Response.Headers.RetryAfter = ((int)DatabaseAvailability.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, "The service is unavailable.",
            "The database cannot be reached at the moment; retry after the time Retry-After gives.");
    }

    private static ProblemDetails TooComplex(Pdf.PdfTooComplexException exception)
    {
        var problem = Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.NoteVerbaleTooComplex, "The note verbale is too complex to read.", exception.Message);
        problem.Extensions["limit"] = exception.LimitName;
        return problem;
    }

    private static ProblemDetails FromDomain(HttpContext httpContext, DomainFailure failure)
    {
        var status = ProblemSetup.StatusOf(failure.Kind);
        if (failure.RetryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (failure.Kind == FailureKind.Invalid || failure.Errors is not null)
        {
            var validation = new HttpValidationProblemDetails(failure.Errors?.ToDictionary() ?? new Dictionary<string, string[]>
            {
                [failure.Field ?? "body"] = [failure.Message],
            })
            {
                Status = status,
                Title = failure.Kind == FailureKind.Invalid ? "One or more fields are invalid." : TitleOf(failure.Code),
                Detail = failure.Message,
            };
            validation.Extensions["code"] = failure.Code;
            return validation;
        }

        return Create(status, failure.Code, TitleOf(failure.Code), failure.Message);
    }

    private static string TitleOf(string code) => code switch
    {
        ErrorCodes.RegistrationClosed => "Registration is closed.",
        ErrorCodes.InvalidTransition => "The delegate cannot make that transition.",
        ErrorCodes.IdempotencyKeyReused => "The idempotency key was used for another request.",
        ErrorCodes.RequestInProgress => "A request with this idempotency key is in progress.",
        _ => char.ToUpperInvariant(code[0]) + code[1..].Replace('-', ' ') + ".",
    };
}
