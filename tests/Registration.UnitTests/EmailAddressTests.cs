using Registration.Api.Domain;

namespace Registration.UnitTests;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("anna.berger@example.gv.at")]
    [InlineData("ANNA.Berger@Example.GV.AT")]
    [InlineData("a+tag@mfa-example.org")]
    [InlineData("x_y-z@sub.domain.example")]
    [InlineData("~a{b}|c@example.org")]
    [InlineData("王伟@外交部.中国")]
    public void Addresses_of_the_dot_atom_form_are_valid(string address) => EmailAddress.IsValid(address).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("anna")]
    [InlineData("anna@localhost")]
    [InlineData("anna berger@example.org")]
    [InlineData("anna@@example.org")]
    [InlineData("anna@ex@ample.org")]
    [InlineData(".anna@example.org")]
    [InlineData("anna.@example.org")]
    [InlineData("an..na@example.org")]
    [InlineData("anna@example..org")]
    [InlineData("anna@-example.org")]
    [InlineData("anna@example.org.")]
    [InlineData("\"anna\"@example.org")]
    [InlineData("anna(x)@example.org")]
    [InlineData("a,b@example.org")]
    public void Anything_else_is_not_an_address(string address) => EmailAddress.IsValid(address).ShouldBeFalse();

    [Fact]
    public void The_local_part_is_at_most_64_characters_and_the_whole_at_most_254()
    {
        EmailAddress.IsValid(new string('a', 64) + "@example.org").ShouldBeTrue();
        EmailAddress.IsValid(new string('a', 65) + "@example.org").ShouldBeFalse();
        EmailAddress.IsValid("a@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 5)) + ".org").ShouldBeFalse();
    }
}
