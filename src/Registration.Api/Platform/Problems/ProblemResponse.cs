namespace Registration.Api.Platform.Problems;

/// <summary>An RFC 9457 problem, as every error of this API is answered (<c>application/problem+json</c>).</summary>
/// <param name="Type">A URI reference identifying the problem type.</param>
/// <param name="Title">A short summary of the problem type.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What went wrong with this request, for a person to read.</param>
/// <param name="Instance">The request path.</param>
/// <param name="Code">Stable machine-readable code, for example <c>validation-failed</c>, <c>registration-closed</c>.</param>
/// <param name="TraceId">Correlates the answer with the server's logs.</param>
/// <param name="Errors">For <c>validation-failed</c>: messages keyed by camelCase field name (<c>meetings[0].code</c>).</param>
/// <param name="Limit">For <c>note-verbale-too-complex</c>: the limit the file is beyond (<c>pages</c>, <c>decompressed-bytes</c>, <c>text-length</c>, <c>time</c>).</param>
[OpenApi.OmittedWhenNull]
public sealed record ProblemResponse(
    string Type,
    string Title,
    int Status,
    string Detail,
    string? Instance,
    string Code,
    string? TraceId,
    IReadOnlyDictionary<string, string[]>? Errors,
    string? Limit);
