using FluentValidation.Results;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Problems;

/// <summary>
/// The one place that turns failures into RFC 9457 problem details with the contract's <c>code</c>:
/// domain failures, database conflicts, validation failures, and bare status codes (401, 404, ...).
/// </summary>
public static class ProblemSetup
{
    public const string ContentType = "application/problem+json";

    public static IServiceCollection AddRegistrationProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Extensions.TryAdd("code", DefaultCode(status));
            problem.Extensions.TryAdd("traceId", Http.Correlation.IdOf(context.HttpContext));
            if (problem.Detail is null && FrameworkProblems.Describe(status, context.HttpContext) is { } described)
            {
                // A bare status from the framework (no token, wrong role, no such route or method): say what to do.
                (problem.Title, problem.Detail) = described;
            }

            problem.Detail ??= problem.Title;

            // RFC 9457: a problem that names no type of its own is "about:blank" (statuses the framework has no link for, like 429).
            problem.Type ??= "about:blank";
            problem.Instance ??= context.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<FailureExceptionHandler>();
        return services;
    }

    public static WebApplication UseRegistrationProblems(this WebApplication app)
    {
        app.UseKestrelRejectionTracking();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Answers the request with a problem, from middleware that refuses it before any endpoint runs.</summary>
    public static Task WriteProblemAsync(this HttpContext context, int status, string code, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = FailureExceptionHandler.Create(status, code, title, detail),
        }).AsTask();
    }

    /// <summary>FastEndpoints' validation response: 400 with camelCase field names as keys.</summary>
    public static object ValidationProblem(List<ValidationFailure> failures, HttpContext context, int statusCode)
    {
        // A field whose value is not one it allows says so, not also that it is missing (the value was left out to read the rest).
        var errors = failures
            .GroupBy(f => FieldName(f.PropertyName), StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (g.Any(f => f.ErrorCode == Json.RequestBodies.UnknownValue) ? g.Where(f => f.ErrorCode == Json.RequestBodies.UnknownValue) : g)
                    .Select(f => f.ErrorMessage).Distinct().ToArray(),
                StringComparer.Ordinal);
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = statusCode,
            Title = "One or more fields are invalid.",
            Detail = failures.Count > 0 ? failures[0].ErrorMessage : "The request is invalid.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = ErrorCodes.ValidationFailed;
        problem.Extensions["traceId"] = Http.Correlation.IdOf(context);
        return problem;
    }

    /// <summary>"Meetings[0].Code" becomes "meetings[0].code", as clients name the fields.</summary>
    public static string FieldName(string propertyPath)
    {
        if (string.IsNullOrEmpty(propertyPath))
        {
            return "body";
        }

        var segments = propertyPath.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            if (s.Length > 0 && char.IsUpper(s[0]))
            {
                segments[i] = char.ToLowerInvariant(s[0]) + s[1..];
            }
        }

        return string.Join('.', segments);
    }

    public static int StatusOf(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        FailureKind.Invalid => StatusCodes.Status400BadRequest,
        FailureKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        FailureKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        FailureKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static string DefaultCode(int status) => status switch
    {
        400 => ErrorCodes.MalformedRequest,
        401 => ErrorCodes.Unauthenticated,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => ErrorCodes.MethodNotAllowed,
        409 => ErrorCodes.ConcurrencyConflict,
        412 => ErrorCodes.PreconditionFailed,
        413 => ErrorCodes.PayloadTooLarge,
        414 => ErrorCodes.UriTooLong,
        415 => ErrorCodes.UnsupportedMediaType,
        422 => ErrorCodes.NoteVerbaleTooComplex,
        431 => ErrorCodes.RequestHeadersTooLarge,
        503 => ErrorCodes.ServiceUnavailable,
        _ => ErrorCodes.InternalError,
    };
}
