using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Api.Domain;
using Registration.Api.Platform.Email;

namespace Registration.Api.Data;

internal sealed class EventEmailTemplateConfiguration : IEntityTypeConfiguration<EventEmailTemplate>
{
    public void Configure(EntityTypeBuilder<EventEmailTemplate> builder)
    {
        builder.ToTable("email_templates");
        builder.HasKey(t => new { t.EventId, t.Kind });
        builder.Property(t => t.Kind).HasConversion(k => k.Wire(), w => ParseKind(w)).HasMaxLength(40);
        builder.Property(t => t.Subject).HasMaxLength(LiquidTemplates.MaxSubjectLength);
        builder.Property(t => t.HtmlBody).HasMaxLength(LiquidTemplates.MaxBodyLength);
        builder.Property(t => t.TextBody).HasMaxLength(LiquidTemplates.MaxBodyLength);
        builder.Property(t => t.UpdatedBy).HasMaxLength(200);
        builder.HasOne<Event>().WithMany().HasForeignKey(t => t.EventId).OnDelete(DeleteBehavior.Cascade);
    }

    internal static EmailKind ParseKind(string wire) =>
        EmailKinds.TryParse(wire, out var kind) ? kind : throw new InvalidOperationException($"Unknown e-mail kind '{wire}' in the database.");
}

internal sealed class SentEmailConfiguration : IEntityTypeConfiguration<SentEmail>
{
    /// <summary>One message per kind, source and recipient: a retried or duplicated job's insert finds it.</summary>
    public const string OncePerSourceIndex = "ix_sent_emails_kind_source_id_recipient";

    public void Configure(EntityTypeBuilder<SentEmail> builder)
    {
        builder.ToTable("sent_emails");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Kind).HasConversion(k => k.Wire(), w => EventEmailTemplateConfiguration.ParseKind(w)).HasMaxLength(40);
        builder.Property(s => s.Recipient).HasMaxLength(EmailAddress.MaxLength);
        builder.Property(s => s.Subject).HasMaxLength(2000);
        builder.Property(s => s.MessageId).HasMaxLength(500);
        builder.HasOne<Event>().WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.Kind, s.SourceId, s.Recipient }).IsUnique().HasDatabaseName(OncePerSourceIndex);
        builder.HasIndex(s => new { s.EventId, s.SentAt });
    }
}

internal sealed class DeadlineReminderConfiguration : IEntityTypeConfiguration<DeadlineReminder>
{
    public void Configure(EntityTypeBuilder<DeadlineReminder> builder)
    {
        builder.ToTable("deadline_reminders");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Event>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Delegation>().WithMany().HasForeignKey(r => r.DelegationId).OnDelete(DeleteBehavior.Cascade);

        // Once per delegation and deadline: a moved deadline makes a new reminder due.
        builder.HasIndex(r => new { r.DelegationId, r.RegistrationDeadline }).IsUnique();
    }
}
