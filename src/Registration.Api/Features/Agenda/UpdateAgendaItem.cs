using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Agenda;

/// <summary>What to change of an agenda item; what is left out stays.</summary>
public sealed class UpdateAgendaItemRequest
{
    /// <summary>The new title.</summary>
    public string? Title { get; init; }

    /// <summary>The meetings that take the item from now on (codes of the event's meetings).</summary>
    public List<string>? Meetings { get; init; }
}

public sealed class UpdateAgendaItemValidator : Validator<UpdateAgendaItemRequest>
{
    public UpdateAgendaItemValidator()
    {
        RuleFor(r => r.Title).NotEmpty().WithMessage("title cannot be empty.").MaximumLength(AgendaItem.MaxTitleLength).SingleLineText().When(r => r.Title is not null);
        RuleFor(r => r.Meetings).NotEmpty().WithMessage("meetings must name at least one of the event's meetings.").When(r => r.Meetings is not null);
        RuleFor(r => r).Must(r => r.Title is not null || r.Meetings is not null).WithMessage("Send title, meetings or both.").WithName("body");
    }
}

public sealed class UpdateAgendaItem(RegistrationDb db, TimeProvider clock) : Endpoint<UpdateAgendaItemRequest, AgendaItemResponse>
{
    public override void Configure()
    {
        Patch("/events/{eventId:guid}/agenda-items/{agendaItemId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(AgendaItemResponse), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Change an agenda item's title or meetings (secretariat)";
            s.Description = "The number stays (it names the item in statements' labels). Statements and slots already made on the item stay.";
            s.ExampleRequest = new UpdateAgendaItemRequest { Title = "Thematic discussion: information and communications technologies" };
        });
    }

    public override async Task HandleAsync(UpdateAgendaItemRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var item = await db.InTransactionAsync(async ct =>
        {
            var registration = await db.LockEventForWriteAsync(eventId, ct);
            var item = await db.FindAgendaItemAsync(eventId, Route<Guid>("agendaItemId"), ct, tracking: true);
            item.Change(registration, req.Title?.Trim(), req.Meetings, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return item;
        }, ct);

        await Send.OkAsync(item.ToResponse(), ct);
    }
}
