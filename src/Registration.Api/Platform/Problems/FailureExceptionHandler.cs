using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Problems;

/// <summary>Maps exceptions that carry a meaning for the client; everything else stays a logged 500.</summary>
internal sealed class FailureExceptionHandler(IProblemDetailsService problems, ILogger<FailureExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainFailure failure => FromDomain(failure),
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
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (problem is null)
        {
            if (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Unhandled failure for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            }

            return false;
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

    private static ProblemDetails FromDomain(DomainFailure failure)
    {
        var status = ProblemSetup.StatusOf(failure.Kind);
        if (failure.Kind == FailureKind.Invalid)
        {
            var validation = new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [failure.Field ?? "body"] = [failure.Message],
            })
            {
                Status = status,
                Title = "One or more fields are invalid.",
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
        _ => char.ToUpperInvariant(code[0]) + code[1..].Replace('-', ' ') + ".",
    };
}
