using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;

namespace Registration.Api.Features.Agenda;

/// <summary>A numbered item of the agenda of one or more of the event's meetings.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="EventId">The event.</param>
/// <param name="Number">The number as the agenda prints it: <c>3</c>, <c>4(a)</c>; unique within the event.</param>
/// <param name="Title">The item's title.</param>
/// <param name="Meetings">The codes of the meetings that take the item (several for an item taken jointly), in the event's order.</param>
/// <param name="CreatedAt">When the item was added (UTC).</param>
/// <param name="UpdatedAt">When the item was last changed (UTC).</param>
public sealed record AgendaItemResponse(Guid Id, Guid EventId, string Number, string Title, IReadOnlyList<string> Meetings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public static class AgendaItemMapping
{
    public static AgendaItemResponse ToResponse(this AgendaItem item) =>
        new(item.Id, item.EventId, item.Number, item.Title, item.Meetings, item.CreatedAt.ToUniversalTime(), item.UpdatedAt.ToUniversalTime());

    public static DomainFailure NotFound(Guid id) =>
        DomainFailure.NotFound(ErrorCodes.AgendaItemNotFound, $"There is no agenda item {id} in this event.");

    public static async Task<AgendaItem> FindAgendaItemAsync(this RegistrationDb db, Guid eventId, Guid agendaItemId, CancellationToken ct, bool tracking = false) =>
        await (tracking ? db.AgendaItems : db.AgendaItems.AsNoTracking()).FirstOrDefaultAsync(a => a.Id == agendaItemId && a.EventId == eventId, ct)
        ?? throw NotFound(agendaItemId);
}
