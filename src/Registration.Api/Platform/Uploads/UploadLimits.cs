namespace Registration.Api.Platform.Uploads;

/// <summary>
/// The <c>Uploads</c> configuration section: the largest file each upload accepts (<c>413 payload-too-large</c> above
/// it). Notes verbales keep their own section (<c>NotesVerbales:MaxBytes</c>).
/// </summary>
public sealed class UploadLimits
{
    public const string Section = "Uploads";

    /// <summary>A letter template (DOCX), default 5 MB.</summary>
    public long MaxTemplateBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>A missions CSV, default 1 MB (several thousand missions).</summary>
    public long MaxMissionsCsvBytes { get; set; } = 1024 * 1024;

    /// <summary>A contribution's file (PDF or DOCX), default 20 MB.</summary>
    public long MaxContributionFileBytes { get; set; } = 20 * 1024 * 1024;

    public UploadLimits Validate()
    {
        if (MaxTemplateBytes <= 0 || MaxMissionsCsvBytes <= 0 || MaxContributionFileBytes <= 0)
        {
            throw new InvalidOperationException($"{Section}: MaxTemplateBytes, MaxMissionsCsvBytes and MaxContributionFileBytes must be positive.");
        }

        return this;
    }
}
