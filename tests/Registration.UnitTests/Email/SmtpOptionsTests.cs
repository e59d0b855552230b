using MailKit.Security;
using Registration.Api.Platform.Email;

namespace Registration.UnitTests.Email;

public sealed class SmtpOptionsTests
{
    [Fact]
    public void Without_a_host_email_is_off_and_nothing_else_is_required() =>
        new SmtpOptions().Validate().Enabled.ShouldBeFalse();

    [Fact]
    public void A_host_needs_a_sender_and_credentials_come_in_pairs()
    {
        Should.Throw<InvalidOperationException>(() => new SmtpOptions { Host = "smtp.example.org" }.Validate()).Message.ShouldContain("Smtp:From");
        Should.Throw<InvalidOperationException>(() => new SmtpOptions { Host = "smtp.example.org", From = "not an address" }.Validate());
        Should.Throw<InvalidOperationException>(() => new SmtpOptions { Host = "smtp.example.org", From = "a@example.org", UserName = "u" }.Validate()).Message.ShouldContain("Password");

        var options = new SmtpOptions { Host = "smtp.example.org", From = "Conference Services <registration@example.org>" }.Validate();
        options.Security.ShouldBe(SecureSocketOptions.StartTls);
        options.Port.ShouldBe(587);
        options.Sender().Address.ShouldBe("registration@example.org");
    }

    [Theory]
    [InlineData("60,300", new[] { 60, 300 })]
    [InlineData(" 1, 1 ,1", new[] { 1, 1, 1 })]
    public void Retry_waits_are_a_comma_separated_list(string setting, int[] waits) =>
        new EmailOptions { RetryDelaysSeconds = setting }.Validate().RetryDelays().ShouldBe(waits);

    [Theory]
    [InlineData("")]
    [InlineData("60,soon")]
    [InlineData("-1")]
    public void Other_retry_settings_are_refused_at_start_up(string setting) =>
        Should.Throw<InvalidOperationException>(() => new EmailOptions { RetryDelaysSeconds = setting }.Validate());
}
