using System.Globalization;
using Registration.HttpBench;

// The tool behind scripts/bench-http (see the README's Performance section):
//   load     loads a realistic event through the API (a burst of registrations) and writes the pools the wrk scripts use
//   walk     follows the secretariat's list to a page and writes its cursor
//   capture  sends one request of each operation while PostgreSQL logs every statement, and turns what the API issued
//            into pgbench scripts
//   compare  checks that the bare baseline answers the reads with the API's JSON
//   report   writes the results table
// Arguments are --name value pairs; scripts/bench-http passes them. Figures are written the same on every machine.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    var options = Options.Parse(args.Skip(1));
    return args.FirstOrDefault() switch
    {
        "load" => await Load.RunAsync(options),
        "walk" => await Walk.RunAsync(options),
        "capture" => await Registration.HttpBench.Capture.RunAsync(options),
        "compare" => await Compare.RunAsync(options),
        "report" => Report.Run(options),
        _ => Usage(),
    };
}
catch (BenchException e)
{
    await Console.Error.WriteLineAsync($"bench-http: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Registration.HttpBench load|walk|capture|compare|report --name value ...");
    return 2;
}
