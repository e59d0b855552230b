namespace Registration.Api.Platform.Ocr;

public static class OcrSetup
{
    /// <summary>The <c>Ocr</c> options and the reader the scanned-note job uses (the job itself is Hangfire's: <c>Platform/Jobs</c>).</summary>
    public static WebApplicationBuilder AddRegistrationOcr(this WebApplicationBuilder builder)
    {
        var options = (builder.Configuration.GetSection(OcrOptions.Section).Get<OcrOptions>() ?? new OcrOptions()).Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<OcrReader>();
        return builder;
    }
}
