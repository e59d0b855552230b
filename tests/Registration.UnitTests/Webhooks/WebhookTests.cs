using System.Net;
using Registration.Api.Domain;
using Registration.Api.Platform.Webhooks;

namespace Registration.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void Signatures_reproduce_the_Standard_Webhooks_test_vector()
    {
        // The vector the Standard Webhooks reference libraries are tested with: a receiver's library accepts what we send.
        WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""")
            .ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    [Fact]
    public void A_new_secret_is_32_random_bytes_in_the_whsec_form()
    {
        var secret = WebhookSignature.NewSecret();
        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBe(32);
        WebhookSignature.NewSecret().ShouldNotBe(secret);
    }
}

public sealed class WebhookAddressesTests
{
    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::5db8:d822")] // NAT64 of 93.184.216.34
    public void Globally_routable_unicast_addresses_are_public(string address) =>
        WebhookAddresses.IsPublic(IPAddress.Parse(address)).ShouldBeTrue();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("192.0.2.10")]
    [InlineData("198.18.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("2002:a00:1::1")] // 6to4 of 10.0.0.1
    public void Loopback_private_link_local_and_reserved_addresses_are_not(string address) =>
        WebhookAddresses.IsPublic(IPAddress.Parse(address)).ShouldBeFalse();

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("api.localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task This_machine_is_refused_by_name_or_address(string host) =>
        await Should.ThrowAsync<WebhookAddressRefusedException>(() => WebhookAddresses.ResolveAsync(host, allowPrivate: false, CancellationToken.None));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task Where_private_addresses_are_allowed_this_machine_is_too(string host) =>
        (await WebhookAddresses.ResolveAsync(host, allowPrivate: true, CancellationToken.None)).ShouldHaveSingleItem().ShouldBe(IPAddress.Parse(host.Trim('[', ']')));
}

public sealed class WebhookDeliveryRulesTests
{
    private static readonly DateTimeOffset Start = new(2027, 8, 1, 9, 0, 0, TimeSpan.Zero);

    private static WebhookDelivery NewDelivery()
    {
        var subscription = WebhookSubscription.Create("https://example.org/hooks", [ChangeType.DelegateApproved], null, null, "whsec_x", "secretariat", Start);
        return WebhookDelivery.For(subscription, new OutboxEntry(new RaisedChange(ChangeType.DelegateApproved, Guid.NewGuid(), Guid.NewGuid(), Start), "{}"), Start);
    }

    [Fact]
    public void The_back_off_grows_four_times_each_time_and_keeps_trying_for_more_than_a_day()
    {
        WebhookDelivery.RetryDelays.Take(3).ShouldBe([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(160)]);
        WebhookDelivery.RetryDelays.ShouldAllBe(d => d <= TimeSpan.FromHours(12));
        WebhookDelivery.RetryDelays.Aggregate(TimeSpan.Zero, (sum, d) => sum + d).ShouldBeGreaterThan(TimeSpan.FromHours(24));
    }

    [Fact]
    public void A_delivery_is_retried_on_the_back_off_until_the_last_attempt_and_a_success_ends_it()
    {
        var delivery = NewDelivery();
        var at = Start;
        var failure = new AttemptResult(false, 500, TimeSpan.FromMilliseconds(20), "The receiver answered 500.");
        foreach (var delay in WebhookDelivery.RetryDelays)
        {
            delivery.Record(failure, at);
            delivery.Status.ShouldBe(DeliveryStatus.Pending);
            delivery.NextAttemptAt.ShouldBe(at + delay);
            at += delay;
        }

        delivery.Record(failure, at);
        delivery.Status.ShouldBe(DeliveryStatus.Failed);
        delivery.NextAttemptAt.ShouldBeNull();
        delivery.Attempts.Select(a => a.Number).ShouldBe(Enumerable.Range(1, WebhookDelivery.RetryDelays.Count + 1));

        // A replay starts a fresh round: one failure waits the first delay again, a success ends it.
        delivery.Replay(at);
        delivery.Record(failure, at);
        delivery.NextAttemptAt.ShouldBe(at + WebhookDelivery.RetryDelays[0]);
        delivery.Record(new AttemptResult(true, 204, TimeSpan.FromMilliseconds(5), null), at);
        delivery.Status.ShouldBe(DeliveryStatus.Succeeded);
        delivery.Attempts[^2].Replay.ShouldBeTrue();
        delivery.Attempts[^1].Replay.ShouldBeFalse();
    }
}
