using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Api.Domain.Letters;

namespace Registration.Api.Data;

internal sealed class LetterTemplateConfiguration : IEntityTypeConfiguration<LetterTemplate>
{
    public void Configure(EntityTypeBuilder<LetterTemplate> builder)
    {
        builder.ToTable("letter_templates");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.FileName).HasMaxLength(LetterTemplate.MaxFileNameLength);
        builder.Property(t => t.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(t => t.UploadedBy).HasMaxLength(200);
        builder.PrimitiveCollection(t => t.Fields);
        builder.HasOne<LetterTemplateContent>().WithOne().HasForeignKey<LetterTemplateContent>(c => c.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LetterTemplateContentConfiguration : IEntityTypeConfiguration<LetterTemplateContent>
{
    public void Configure(EntityTypeBuilder<LetterTemplateContent> builder)
    {
        builder.ToTable("letter_template_contents");
        builder.HasKey(c => c.TemplateId);
    }
}

internal sealed class LetterRunConfiguration : IEntityTypeConfiguration<LetterRun>
{
    public void Configure(EntityTypeBuilder<LetterRun> builder)
    {
        builder.ToTable("letter_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Reference).HasMaxLength(LetterRun.MaxReferenceLength);
        builder.Property(r => r.Subject).HasMaxLength(LetterRun.MaxSubjectLength);
        builder.Property(r => r.CreatedBy).HasMaxLength(200);
        builder.PrimitiveCollection(r => r.Countries);
        builder.Ignore(r => r.Values);
        builder.HasOne<LetterTemplate>().WithMany().HasForeignKey(r => r.TemplateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.TemplateId, r.Id });
    }
}

internal sealed class LetterEmailConfiguration : IEntityTypeConfiguration<LetterEmail>
{
    public void Configure(EntityTypeBuilder<LetterEmail> builder)
    {
        builder.ToTable("letter_emails");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Country).HasMaxLength(3).IsFixedLength();
        builder.Property(e => e.Recipients).HasMaxLength(3000);
        builder.Property(e => e.MessageId).HasMaxLength(500);
        builder.HasOne<LetterRun>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);

        // Once per run and mission: a retried or duplicated job's insert finds the row and sends nothing.
        builder.HasIndex(e => new { e.RunId, e.Country }).IsUnique();
    }
}
