using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Registration.Api.Domain;

namespace Registration.Api.Data;

/// <summary>
/// The outbox. Its rows are inserted with the change they report, in the same SaveChanges (the same batch, no extra
/// round trip). The change feed reads an event's rows in <c>position</c> order, and that order must be commit order:
/// a reader that has read up to position 41 must never later find a 40 that committed late, or it skips it.
/// <para>
/// A position taken from a sequence when the row is inserted is not that: two transactions take 40 and 41, the one with
/// 41 commits first, a reader sees 41 and moves past 40. Reading only below the oldest running transaction
/// (<c>pg_snapshot_xmin</c> with <c>xid8</c>) cures the skipping but orders rows by transaction id, which is not commit
/// order either: an edit that took its id, then waited for the delegation's lock while an approval committed, would be
/// fed before that approval, and an integrator applying the feed would end with the stale state.
/// </para>
/// <para>
/// So the position is assigned at commit, under a lock: a deferred constraint trigger (migration <c>Outbox</c>) runs as
/// the transaction commits, takes a transaction-scoped advisory lock for the row's event and sets <c>position</c> from a
/// sequence. The lock is held until the commit is complete and visible, so the next transaction of the same event gets
/// its position only afterwards: positions within an event increase in commit order and a reader never finds a gap that
/// fills later. The price is that commits touching one event pass that point one at a time (for the duration of the
/// commit itself); other events are not held up, and the application sends nothing more than the insert.
/// </para>
/// </summary>
internal sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxEntry>
{
    public const string FeedIndex = "ix_outbox_event_id_position";

    internal static readonly ValueConverter<ChangeType, string> WireNames = new(type => type.WireName(), name => ChangeTypes.FromWire(name));

    public void Configure(EntityTypeBuilder<OutboxEntry> builder)
    {
        builder.ToTable("outbox");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Type).HasConversion(WireNames).HasMaxLength(40);
        builder.Property(o => o.Payload).HasColumnType("json");
        builder.HasOne<Event>().WithMany().HasForeignKey(o => o.EventId).OnDelete(DeleteBehavior.Restrict);

        // The change feed: an event's changes in commit order (keyset on position).
        builder.HasIndex(o => new { o.EventId, o.Position }).IsUnique().HasDatabaseName(FeedIndex);

        // The dispatcher's queue: committed changes the outlets have not taken yet.
        builder.HasIndex(o => o.Position).HasFilter("dispatched_at IS NULL AND position IS NOT NULL");
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
        builder.PrimitiveCollection(s => s.Types).ElementType(t => t.HasConversion(OutboxConfiguration.WireNames));
        builder.Property(s => s.Description).HasMaxLength(WebhookSubscription.MaxDescriptionLength);
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.HasOne<Event>().WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OutboxEntry>().WithMany().HasForeignKey(d => d.ChangeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Attempts).HasField("attempts").UsePropertyAccessMode(PropertyAccessMode.Field);

        // A change is scheduled once per subscription, however often the dispatcher runs.
        builder.HasIndex(d => new { d.SubscriptionId, d.ChangeId }).IsUnique();

        // The deliveries log of a subscription, newest first (keyset on id).
        builder.HasIndex(d => new { d.SubscriptionId, d.Id });

        // What the sweep looks for: deliveries due.
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'");
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("webhook_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Error).HasMaxLength(WebhookAttempt.MaxErrorLength);
        builder.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
    }
}
