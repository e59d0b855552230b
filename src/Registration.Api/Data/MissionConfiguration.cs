using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Api.Domain;

namespace Registration.Api.Data;

internal sealed class MissionConfiguration : IEntityTypeConfiguration<Mission>
{
    /// <summary>One mission per country code.</summary>
    public const string OnePerCountryIndex = "ix_missions_country";

    public void Configure(EntityTypeBuilder<Mission> builder)
    {
        builder.ToTable("missions");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Country).HasMaxLength(3).IsFixedLength();
        builder.HasIndex(m => m.Country).IsUnique().HasDatabaseName(OnePerCountryIndex);
        builder.Property(m => m.Name).HasMaxLength(Mission.MaxNameLength);
        builder.Property(m => m.AccreditedTo).HasMaxLength(Mission.MaxLineLength);
        builder.Property(m => m.AddressLine2).HasMaxLength(Mission.MaxLineLength);
        builder.Property(m => m.AddressLine3).HasMaxLength(Mission.MaxLineLength);
        builder.Property(m => m.City).HasMaxLength(Mission.MaxShortLength);
        builder.Property(m => m.PostalCode).HasMaxLength(Mission.MaxShortLength);
        builder.Property(m => m.AddressCountry).HasMaxLength(Mission.MaxShortLength);
        builder.Property(m => m.Salutation).HasMaxLength(Mission.MaxShortLength);
        builder.PrimitiveCollection(m => m.Emails);
        builder.Property(m => m.Language).HasConversion(l => l.Wire(), w => Enum.Parse<OfficialLanguage>(w, true)).HasMaxLength(2);
        builder.Property(m => m.Version).IsRowVersion();
        builder.Ignore(m => m.Fields);
    }
}
