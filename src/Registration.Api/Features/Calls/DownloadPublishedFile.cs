using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Calls;

public sealed class DownloadPublishedFile(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/calls/{callId:guid}/published/files/{fileId:guid}");
        AllowAnonymous();
        Description(d => d.DocumentedFile("application/octet-stream", 404));
        Summary(s =>
        {
            s.Summary = "Download a published file";
            s.Description = "Anyone. Served only while its contribution is published; a withheld one's files answer `404 file-not-found`, as unknown ids do. "
                + "Caches may keep it for 60 seconds at most.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var callId = Route<Guid>("callId");
        var fileId = Route<Guid>("fileId");
        var contributionId = await db.ContributionFiles.AsNoTracking().Where(f => f.Id == fileId)
            .Join(db.Contributions.AsNoTracking().Where(c => c.CallId == callId && c.Publication == Publication.Publish), f => f.ContributionId, c => c.Id, (f, c) => (Guid?)c.Id)
            .FirstOrDefaultAsync(ct) ?? throw DomainFailure.NotFound(ErrorCodes.FileNotFound, $"There is no published file {fileId} in this call.");
        await DownloadContributionFile.SendFileAsync(db, HttpContext.Response, contributionId, fileId, isPublic: true, ct);
    }
}
