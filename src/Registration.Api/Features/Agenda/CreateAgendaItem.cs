using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Agenda;

/// <summary>A new agenda item.</summary>
public sealed class CreateAgendaItemRequest
{
    /// <summary>The number as the agenda prints it, for example <c>3</c> or <c>4(a)</c>; unique within the event.</summary>
    public string Number { get; init; } = "";

    /// <summary>The item's title.</summary>
    public string Title { get; init; } = "";

    /// <summary>The codes of the event's meetings that take the item: several for an item taken jointly.</summary>
    public List<string> Meetings { get; init; } = [];
}

public sealed class CreateAgendaItemValidator : Validator<CreateAgendaItemRequest>
{
    public CreateAgendaItemValidator()
    {
        RuleFor(r => r.Number).NotEmpty().WithMessage("number is required.").MaximumLength(AgendaItem.MaxNumberLength).SingleLineText();
        RuleFor(r => r.Title).NotEmpty().WithMessage("title is required.").MaximumLength(AgendaItem.MaxTitleLength).SingleLineText();
        RuleFor(r => r.Meetings).NotEmpty().WithMessage("meetings must name at least one of the event's meetings.");
    }
}

public sealed class CreateAgendaItem(RegistrationDb db, TimeProvider clock) : Endpoint<CreateAgendaItemRequest, AgendaItemResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/agenda-items");
        Roles(Role.Secretariat);
        Description(d => d.Documented(201, typeof(AgendaItemResponse), 400, 401, 403, 404, 409).Idempotent());
        Summary(s =>
        {
            s.Summary = "Add an item to the agenda (secretariat)";
            s.Responses[409] = "`agenda-item-number-taken`: the event has an item with this number.";
            s.Description = "An item belongs to one or more of the event's meetings (`meetings`, codes of the event's meetings, else "
                + "`400 validation-failed`): the invitation takes items 3 and 4 jointly for the three meetings, so such an item names all three. "
                + "The number (`3`, `4(a)`) is unique within the event: `409 agenda-item-number-taken`. Delegations submit statements "
                + "and book remote slots on an item.";
            s.ExampleRequest = new CreateAgendaItemRequest
            {
                Number = "3",
                Title = "Promoting the use of information and communications technologies for the implementation of the Convention",
                Meetings = [.. Events.ExampleEvent.MeetingCodes],
            };
        });
    }

    public override async Task HandleAsync(CreateAgendaItemRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var item = await db.InTransactionAsync(async ct =>
        {
            var registration = await db.LockEventForWriteAsync(eventId, ct);
            var item = AgendaItem.Create(registration, req.Number.Trim(), req.Title.Trim(), req.Meetings, clock.GetUtcNow());
            db.AgendaItems.Add(item);
            await db.SaveChangesAsync(ct);
            return item;
        }, ct);

        await Send.CreatedAtAsync<GetAgendaItem>(new { eventId, agendaItemId = item.Id }, item.ToResponse(), cancellation: ct);
    }
}
