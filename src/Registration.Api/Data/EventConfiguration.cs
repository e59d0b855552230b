using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Api.Domain;

namespace Registration.Api.Data;

internal sealed class RegistrationClosureConfiguration : IEntityTypeConfiguration<RegistrationClosure>
{
    public void Configure(EntityTypeBuilder<RegistrationClosure> builder)
    {
        builder.ToTable("registration_closures");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.SummaryJson).HasColumnName("summary").HasColumnType("jsonb");
        builder.HasOne<Event>().WithMany().HasForeignKey(c => c.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.EventId, c.Deadline }).IsUnique();
    }
}

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.ToTable("events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Code).HasMaxLength(Event.MaxCodeLength);
        builder.HasIndex(e => e.Code).IsUnique();
        builder.Property(e => e.Title).HasMaxLength(Event.MaxTitleLength);
        builder.Property(e => e.Venue).HasMaxLength(Event.MaxVenueLength);
        builder.Property(e => e.TimeZoneId).HasColumnName("time_zone").HasMaxLength(64);
        builder.PrimitiveCollection(e => e.ParticipationModes).ElementType(t => t.HasConversion<string>());
        builder.PrimitiveCollection(e => e.EligibleCountries);
        builder.Property(e => e.Version).IsRowVersion();
        builder.Property(e => e.ClosingJobId).HasMaxLength(100);

        // The overdue sweep looks for deadlines passed and not yet closed.
        builder.HasIndex(e => e.RegistrationDeadline).HasFilter("closed_at IS NULL");
        builder.Ignore(e => e.TimeZone);

        // Keyset pagination of the event list walks (start_date desc, id desc).
        builder.HasIndex(e => new { e.StartDate, e.Id }).IsDescending(true, true);

        builder.OwnsMany(e => e.Meetings, meeting =>
        {
            meeting.ToTable("meetings");
            meeting.WithOwner().HasForeignKey(m => m.EventId);
            meeting.HasKey(m => new { m.EventId, m.Code });
            meeting.Property(m => m.Code).HasMaxLength(Event.MaxCodeLength);
            meeting.Property(m => m.Title).HasMaxLength(Meeting.MaxTitleLength);
            meeting.Property(m => m.Reference).HasMaxLength(Meeting.MaxReferenceLength);
        });
        builder.Navigation(e => e.Meetings).HasField("meetings").UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude();
    }
}
