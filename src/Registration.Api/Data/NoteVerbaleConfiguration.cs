using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Api.Domain;

namespace Registration.Api.Data;

internal sealed class NoteVerbaleConfiguration : IEntityTypeConfiguration<NoteVerbale>
{
    public void Configure(EntityTypeBuilder<NoteVerbale> builder)
    {
        builder.ToTable("notes_verbales");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.FileName).HasMaxLength(NoteVerbale.MaxFileNameLength);
        builder.Property(n => n.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(n => n.UploadedBy).HasMaxLength(200);
        builder.Property(n => n.SupersededBy).HasMaxLength(200);
        builder.Property(n => n.SupersedeReason).HasMaxLength(DelegateRegistration.MaxReasonLength);
        builder.Ignore(n => n.IsSuperseded);
        builder.Ignore(n => n.AwaitsOcr);
        // Notes stored before OCR existed were read from their text layer alone (the migration's default for them).
        builder.Property(n => n.TextSource).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.OcrFailure).HasMaxLength(NoteVerbale.MaxOcrFailureLength);
        builder.HasOne<Event>().WithMany().HasForeignKey(n => n.EventId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Delegation>().WithMany().HasForeignKey(n => n.DelegationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<NoteVerbaleContent>().WithOne().HasForeignKey<NoteVerbaleContent>(c => c.NoteVerbaleId).OnDelete(DeleteBehavior.Cascade);

        // A delegation's notes, newest first.
        builder.HasIndex(n => new { n.DelegationId, n.Id });
    }
}

internal sealed class NoteVerbaleContentConfiguration : IEntityTypeConfiguration<NoteVerbaleContent>
{
    public void Configure(EntityTypeBuilder<NoteVerbaleContent> builder)
    {
        builder.ToTable("note_verbale_contents");
        builder.HasKey(c => c.NoteVerbaleId);
    }
}

internal sealed class NoteVerbaleMatchConfiguration : IEntityTypeConfiguration<NoteVerbaleMatch>
{
    public void Configure(EntityTypeBuilder<NoteVerbaleMatch> builder)
    {
        builder.ToTable("note_verbale_matches");
        builder.HasKey(m => new { m.NoteVerbaleId, m.DelegateId });
        builder.HasOne<NoteVerbale>().WithMany().HasForeignKey(m => m.NoteVerbaleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DelegateRegistration>().WithMany().HasForeignKey(m => m.DelegateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DelegateHistoryEntryConfiguration : IEntityTypeConfiguration<DelegateHistoryEntry>
{
    public void Configure(EntityTypeBuilder<DelegateHistoryEntry> builder)
    {
        builder.ToTable("delegate_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Action).HasConversion<string>().HasMaxLength(40);
        builder.Property(h => h.By).HasMaxLength(200);
        builder.Property(h => h.StatusBefore).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.StatusAfter).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.NoteVerbaleStatusBefore).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.NoteVerbaleStatusAfter).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.Detail).HasMaxLength(2000);
        builder.HasOne<Event>().WithMany().HasForeignKey(h => h.EventId).OnDelete(DeleteBehavior.Restrict);

        // A delegate's trail in order; the unique index also refuses two writers numbering the same line.
        builder.HasIndex(h => new { h.DelegateId, h.Sequence }).IsUnique();
    }
}
