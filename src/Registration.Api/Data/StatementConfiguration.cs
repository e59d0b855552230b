using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Api.Domain;

namespace Registration.Api.Data;

internal sealed class AgendaItemConfiguration : IEntityTypeConfiguration<AgendaItem>
{
    public void Configure(EntityTypeBuilder<AgendaItem> builder)
    {
        builder.ToTable("agenda_items");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Number).HasMaxLength(AgendaItem.MaxNumberLength);
        builder.Property(a => a.Title).HasMaxLength(AgendaItem.MaxTitleLength);
        builder.Property(a => a.SortKey).HasMaxLength(AgendaItem.MaxNumberLength + 8);
        builder.PrimitiveCollection(a => a.Meetings);
        builder.HasOne<Event>().WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Cascade);

        // The number is the item's name within the event; the agenda lists items in their order (event, sort key, id).
        builder.HasIndex(a => new { a.EventId, a.Number }).IsUnique();
        builder.HasIndex(a => new { a.EventId, a.SortKey, a.Id });
    }
}

internal sealed class StatementConfiguration : IEntityTypeConfiguration<Statement>
{
    public void Configure(EntityTypeBuilder<Statement> builder)
    {
        builder.ToTable("statements");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Country).HasMaxLength(3).IsFixedLength();
        builder.Property(s => s.AgendaItemNumber).HasMaxLength(AgendaItem.MaxNumberLength);
        builder.Property(s => s.MeetingCode).HasMaxLength(Event.MaxCodeLength);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Label).HasMaxLength(Statement.MaxLabelLength);
        builder.Property(s => s.FileName).HasMaxLength(Statement.MaxLabelLength + 10);
        builder.Property(s => s.ContentType).HasMaxLength(100);
        builder.Property(s => s.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(s => s.StorageKey).HasMaxLength(32);
        builder.Property(s => s.Transcript).HasMaxLength(Statement.MaxTranscriptLength);
        builder.Property(s => s.SubmittedBy).HasMaxLength(200);
        builder.Property(s => s.ReviewedBy).HasMaxLength(200);
        builder.Property(s => s.PublishedBy).HasMaxLength(200);
        builder.Property(s => s.ReturnReason).HasMaxLength(Statement.MaxReasonLength);
        builder.Property(s => s.RowVersion).IsRowVersion();
        builder.HasOne<Event>().WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Delegation>().WithMany().HasForeignKey(s => s.DelegationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AgendaItem>().WithMany().HasForeignKey(s => s.AgendaItemId).OnDelete(DeleteBehavior.Restrict);

        // Versions are numbered per delegation, item and kind: two uploads can never take the same number.
        builder.HasIndex(s => new { s.DelegationId, s.AgendaItemId, s.Kind, s.VersionNumber }).IsUnique();
        builder.HasIndex(s => s.StorageKey).IsUnique();
        // The event's lists (the desk, the published statements) walk (event, id).
        builder.HasIndex(s => new { s.EventId, s.Id });
    }
}

internal sealed class StatementClosureConfiguration : IEntityTypeConfiguration<StatementClosure>
{
    public void Configure(EntityTypeBuilder<StatementClosure> builder)
    {
        builder.ToTable("statement_closures");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.SummaryJson).HasColumnName("summary").HasColumnType("jsonb");
        builder.HasOne<Event>().WithMany().HasForeignKey(c => c.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.EventId, c.Deadline }).IsUnique();
    }
}

internal sealed class SittingConfiguration : IEntityTypeConfiguration<Sitting>
{
    public void Configure(EntityTypeBuilder<Sitting> builder)
    {
        builder.ToTable("sittings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.MeetingCode).HasMaxLength(Event.MaxCodeLength);
        builder.Property(s => s.Period).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.HasOne<Event>().WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.EventId, s.MeetingCode, s.Date, s.Period }).IsUnique();
        builder.ToTable(t => t.HasCheckConstraint("ck_sittings_budget", "remote_budget_minutes >= 0 AND remote_budget_minutes <= duration_minutes AND duration_minutes > 0"));
    }
}

internal sealed class RemoteSlotConfiguration : IEntityTypeConfiguration<RemoteSlot>
{
    public void Configure(EntityTypeBuilder<RemoteSlot> builder)
    {
        builder.ToTable("remote_slots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Country).HasMaxLength(3).IsFixedLength();
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.BookedBy).HasMaxLength(200);
        builder.Property(s => s.CancelledBy).HasMaxLength(200);
        builder.HasOne<Sitting>().WithMany().HasForeignKey(s => s.SittingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Delegation>().WithMany().HasForeignKey(s => s.DelegationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DelegateRegistration>().WithMany().HasForeignKey(s => s.DelegateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AgendaItem>().WithMany().HasForeignKey(s => s.AgendaItemId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_remote_slots_minutes", "minutes > 0"));

        // The speakers list: a sitting's slots in the order they were booked.
        builder.HasIndex(s => new { s.SittingId, s.BookedAt, s.Id });
    }
}
