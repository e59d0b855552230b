using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Api.Domain;

namespace Registration.Api.Data;

internal sealed class DelegationConfiguration : IEntityTypeConfiguration<Delegation>
{
    public const string OnePerCountryIndex = "ix_delegations_event_id_country";

    public void Configure(EntityTypeBuilder<Delegation> builder)
    {
        builder.ToTable("delegations");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Country).HasMaxLength(3).IsFixedLength();
        builder.Property(d => d.CreatedBy).HasMaxLength(200);
        builder.Property(d => d.FocalPointEmail).HasMaxLength(EmailAddress.MaxLength);
        builder.Property(d => d.Version).IsRowVersion();
        builder.HasOne<Event>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<NoteVerbale>().WithMany().HasForeignKey(d => d.CurrentNoteVerbaleId).OnDelete(DeleteBehavior.Restrict);

        // One delegation per State per event; also the keyset order of an event's delegations.
        builder.HasIndex(d => new { d.EventId, d.Country }).IsUnique().HasDatabaseName(OnePerCountryIndex);
    }
}

internal sealed class DelegateRegistrationConfiguration : IEntityTypeConfiguration<DelegateRegistration>
{
    public const string ActiveEmailIndex = "ix_delegates_event_id_normalized_email_active";
    public const string ActiveParticipantIndex = "ix_delegates_event_id_participant_subject_active";

    public void Configure(EntityTypeBuilder<DelegateRegistration> builder)
    {
        builder.ToTable("delegates");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Country).HasMaxLength(3).IsFixedLength();
        builder.Property(d => d.Title).HasMaxLength(DelegateRegistration.MaxTitleLength);
        builder.Property(d => d.GivenName).HasMaxLength(DelegateRegistration.MaxNameLength);
        builder.Property(d => d.FamilyName).HasMaxLength(DelegateRegistration.MaxNameLength);
        builder.Property(d => d.JobTitle).HasMaxLength(DelegateRegistration.MaxJobTitleLength);
        builder.Property(d => d.Email).HasMaxLength(DelegateRegistration.MaxEmailLength);
        builder.Property(d => d.NormalizedEmail).HasMaxLength(DelegateRegistration.MaxEmailLength);
        builder.Property(d => d.SearchText).HasMaxLength(2 * DelegateRegistration.MaxNameLength + DelegateRegistration.MaxEmailLength + 8);
        builder.Property(d => d.ParticipationMode).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.NoteVerbaleStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.NoteVerbaleReadAs).HasMaxLength(DelegateRegistration.MaxReadAsLength);
        builder.Property(d => d.CreatedBy).HasMaxLength(200);
        builder.Property(d => d.ParticipantSubject).HasMaxLength(200);
        builder.Property(d => d.Version).IsRowVersion();
        builder.Ignore(d => d.IsActive);
        builder.Property(d => d.ConfirmedBy).HasMaxLength(200);
        builder.Property(d => d.ConfirmationComment).HasMaxLength(DelegateRegistration.MaxReasonLength);
        builder.Property(d => d.DecidedBy).HasMaxLength(200);
        builder.Property(d => d.DecisionReason).HasMaxLength(DelegateRegistration.MaxReasonLength);
        builder.Property(d => d.DecisionNoteVerbaleSha256).HasMaxLength(64).IsFixedLength();
        builder.HasMany(d => d.History).WithOne().HasForeignKey(h => h.DelegateId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.History).HasField("history").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasOne<Event>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Delegation>().WithMany().HasForeignKey(d => d.DelegationId).OnDelete(DeleteBehavior.Restrict);

        // An e-mail address belongs to one active delegate per event: two racing registrations cannot both win.
        builder.HasIndex(d => new { d.EventId, d.NormalizedEmail }).IsUnique()
            .HasFilter("status IN ('Pending', 'Approved')").HasDatabaseName(ActiveEmailIndex);

        // One active self-registration per person and event; also the participant's own list (across events).
        builder.HasIndex(d => new { d.EventId, d.ParticipantSubject }).IsUnique()
            .HasFilter("participant_subject IS NOT NULL AND status IN ('Pending', 'Approved')").HasDatabaseName(ActiveParticipantIndex);
        builder.HasIndex(d => new { d.ParticipantSubject, d.Id }).HasFilter("participant_subject IS NOT NULL");

        // Keyset pages: per delegation, per event, and per event with each of the secretariat's filters.
        builder.HasIndex(d => new { d.DelegationId, d.Id });
        builder.HasIndex(d => new { d.EventId, d.Id });
        builder.HasIndex(d => new { d.EventId, d.Status, d.Id });
        builder.HasIndex(d => new { d.EventId, d.Country, d.Id });
        builder.HasIndex(d => new { d.EventId, d.ParticipationMode, d.Id });

        // Substring search on names and e-mail (q=): trigram index.
        builder.HasIndex(d => d.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
