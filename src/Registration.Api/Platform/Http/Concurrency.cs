using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Registration.Api.Platform.Http;

/// <summary>
/// Two writers changed the same delegate at once. PostgreSQL reports it either through xmin (the row changed under
/// the update) or through the audit trail's unique (delegate, sequence) index, whichever statement runs first.
/// </summary>
public static class Concurrency
{
    public const string HistorySequenceIndex = "ix_delegate_history_delegate_id_sequence";

    public static bool IsConflict(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: HistorySequenceIndex } } => true,
        _ => false,
    };
}
