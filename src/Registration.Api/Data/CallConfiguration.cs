using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;

namespace Registration.Api.Data;

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public const string ReferenceIndex = "ix_calls_reference";

    public void Configure(EntityTypeBuilder<Call> builder)
    {
        builder.ToTable("calls");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Reference).HasMaxLength(Call.MaxReferenceLength);
        builder.HasIndex(c => c.Reference).IsUnique().HasDatabaseName(ReferenceIndex);
        builder.Property(c => c.Title).HasMaxLength(Call.MaxTitleLength);
        builder.Property(c => c.Body).HasMaxLength(Call.MaxTitleLength);
        builder.Property(c => c.Guidance).HasMaxLength(Call.MaxGuidanceLength);
        builder.Property(c => c.TimeZoneId).HasColumnName("time_zone").HasMaxLength(64);
        builder.Property(c => c.ClosingJobId).HasMaxLength(100);
        builder.PrimitiveCollection(c => c.EligibleCountries);
        builder.Property(c => c.Version).IsRowVersion();
        builder.OwnsMany(c => c.Topics, t => t.ToJson());
        builder.OwnsMany(c => c.Fields, f => f.ToJson());

        // The overdue sweep looks for deadlines passed and not yet closed.
        builder.HasIndex(c => c.Deadline).HasFilter("closed_at IS NULL");
    }
}

internal sealed class ContributionConfiguration : IEntityTypeConfiguration<Contribution>
{
    public const string OnePerTopicIndex = "ix_contributions_call_id_country_topic";

    public void Configure(EntityTypeBuilder<Contribution> builder)
    {
        builder.ToTable("contributions");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Country).HasMaxLength(3).IsFixedLength();
        builder.Property(c => c.Topic).HasMaxLength(Call.MaxCodeLength);
        builder.Property(c => c.Language).HasConversion(l => l.Wire(), w => Enum.Parse<OfficialLanguage>(w, true)).HasMaxLength(2);
        builder.Property(c => c.Publication).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.SubmittedBy).HasMaxLength(200);
        builder.Property(c => c.Version).IsRowVersion();
        builder.Property(c => c.Answers).HasColumnType("jsonb").HasConversion(
            a => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null),
            j => JsonSerializer.Deserialize<Dictionary<string, string>>(j, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>(),
            new ValueComparer<Dictionary<string, string>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                a => a.Aggregate(0, (h, p) => HashCode.Combine(h, p.Key, p.Value)),
                a => new Dictionary<string, string>(a, StringComparer.Ordinal)));
        builder.HasOne<Call>().WithMany().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.Restrict);

        // One contribution per State, call and topic; the published list walks a call's contributions in id order.
        builder.HasIndex(c => new { c.CallId, c.Country, c.Topic }).IsUnique().HasDatabaseName(OnePerTopicIndex);
        builder.HasIndex(c => new { c.CallId, c.Id }).HasFilter("publication = 'Publish'");
    }
}

internal sealed class ContributionFileConfiguration : IEntityTypeConfiguration<ContributionFile>
{
    public void Configure(EntityTypeBuilder<ContributionFile> builder)
    {
        builder.ToTable("contribution_files");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.FileName).HasMaxLength(ContributionFile.MaxFileNameLength);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(f => f.UploadedBy).HasMaxLength(200);
        builder.HasOne<Contribution>().WithMany().HasForeignKey(f => f.ContributionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ContributionFileContent>().WithOne().HasForeignKey<ContributionFileContent>(c => c.FileId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.ContributionId, f.Id });
    }
}

internal sealed class ContributionFileContentConfiguration : IEntityTypeConfiguration<ContributionFileContent>
{
    public void Configure(EntityTypeBuilder<ContributionFileContent> builder)
    {
        builder.ToTable("contribution_file_contents");
        builder.HasKey(c => c.FileId);
    }
}
