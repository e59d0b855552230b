using Microsoft.Extensions.Configuration;
using Npgsql;
using Registration.Api.Data;
using Registration.Api.Platform.Jobs;

namespace Registration.UnitTests.Data;

public sealed class ConnectionPoolsTests
{
    private const string Plain = "Host=db.example;Port=5432;Database=registration;Username=api";

    [Fact]
    public void The_api_pool_prepares_its_statements_and_does_not_reset_connections()
    {
        var settings = new NpgsqlConnectionStringBuilder(DataSetup.ForThePool(Plain));

        settings.MaxAutoPrepare.ShouldBe(64);
        settings.AutoPrepareMinUsages.ShouldBe(2);
        settings.NoResetOnClose.ShouldBeTrue();
        settings.ApplicationName.ShouldBe("registration-api");
        settings.Host.ShouldBe("db.example");
    }

    [Theory]
    [InlineData("Max Auto Prepare=0;No Reset On Close=false;Application Name=mine")]
    [InlineData("MaxAutoPrepare=0;NoResetOnClose=false;ApplicationName=mine")]
    [InlineData("max auto prepare=0;no reset on close=false;application name=mine")]
    public void What_the_connection_string_sets_stays_as_it_is_in_any_spelling(string own)
    {
        var settings = new NpgsqlConnectionStringBuilder(DataSetup.ForThePool($"{Plain};{own}"));

        settings.MaxAutoPrepare.ShouldBe(0);
        settings.NoResetOnClose.ShouldBeFalse();
        settings.ApplicationName.ShouldBe("mine");
    }

    [Fact]
    public void Hangfire_has_its_own_small_pool()
    {
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hangfire:MaxPoolSize"] = "4" }).Build();

        var jobs = new NpgsqlConnectionStringBuilder(HangfireSetup.JobsPool(Plain, configured));
        var byDefault = new NpgsqlConnectionStringBuilder(HangfireSetup.JobsPool(Plain, new ConfigurationBuilder().Build()));
        var ownMaximum = new NpgsqlConnectionStringBuilder(HangfireSetup.JobsPool($"{Plain};Maximum Pool Size=7", configured));
        var ownMaximumUnspaced = new NpgsqlConnectionStringBuilder(HangfireSetup.JobsPool($"{Plain};maxpoolsize=7", configured));

        jobs.MaxPoolSize.ShouldBe(4);
        jobs.ApplicationName.ShouldBe("registration-jobs");
        byDefault.MaxPoolSize.ShouldBe(10);
        ownMaximum.MaxPoolSize.ShouldBe(7);
        ownMaximumUnspaced.MaxPoolSize.ShouldBe(7);
    }
}
