using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Registration.Api.Platform.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> of one caller for one operation: first the claim of the request that is being processed
/// (<see cref="ClaimToken"/>, held until <see cref="LockedUntil"/>), then the answer it gave, replayed to every retry
/// until the key expires. The unique index on (subject, operation, key) is what makes one request win, whichever
/// instance of the API it reaches. Written with SQL by <see cref="IdempotencyStore"/>; the entity is the table's shape.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 255;

    public Guid Id { get; private set; }

    /// <summary>The caller: the token's <c>sub</c>.</summary>
    public string Subject { get; private set; } = "";

    /// <summary>The operation (its operation id, <c>RegisterDelegate</c>).</summary>
    public string Operation { get; private set; } = "";

    public string Key { get; private set; } = "";

    /// <summary>SHA-256 (hex) of the request: method, path, query and body (for multipart, each part's name, file name and bytes).</summary>
    public string RequestHash { get; private set; } = "";

    /// <summary>The token of the request that holds the claim; null once the answer is stored.</summary>
    public Guid? ClaimToken { get; private set; }

    /// <summary>Until when the claim holds: a request still unanswered after it is taken to have died, and a retry takes over.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    public int? ResponseStatus { get; private set; }

    /// <summary>The answer's headers worth replaying (<c>Content-Type</c>, <c>Location</c>, <c>ETag</c>), as a JSON object.</summary>
    public string? ResponseHeaders { get; private set; }

    public byte[]? ResponseBody { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>When the key is forgotten (24 hours after its first use): a later request with it is a new request.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public const string UniqueKeyIndex = "ix_idempotency_keys_subject_operation_key";

    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Operation).HasMaxLength(100);
        builder.Property(r => r.Key).HasMaxLength(IdempotencyRecord.MaxKeyLength);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.ResponseHeaders).HasColumnType("jsonb");
        builder.HasIndex(r => new { r.Subject, r.Operation, r.Key }).IsUnique().HasDatabaseName(UniqueKeyIndex);

        // The purge deletes by expiry.
        builder.HasIndex(r => r.ExpiresAt);
    }
}
