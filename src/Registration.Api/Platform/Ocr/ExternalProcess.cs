using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Registration.Api.Platform.Ocr;

/// <summary>What a program printed and how it ended.</summary>
public sealed record ProcessOutput(int ExitCode, string StandardOutput, string StandardError);

/// <summary>A program that could not be started, ran past its time, printed too much or failed.</summary>
public sealed class ExternalProcessException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs an external program the safe way: arguments as a list (never a shell string, so nothing in them is
/// interpreted), no standard input, output read as it comes and bounded, and a deadline after which the program and
/// any children it started are killed.
/// </summary>
public static class ExternalProcess
{
    /// <summary>More output than this ends the program: nothing the API runs prints that much for one page.</summary>
    public const int MaxOutputChars = 8 * 1024 * 1024;

    public static async Task<ProcessOutput> RunAsync(
        string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception notStarted)
        {
            throw new ExternalProcessException($"{Path.GetFileName(program)} could not be started: {notStarted.Message}", notStarted);
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var output = ReadBoundedAsync(process.StandardOutput, deadline);
        var errors = ReadBoundedAsync(process.StandardError, deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            var (stdout, stdoutTooLong) = await output;
            var (stderr, _) = await errors;
            if (stdoutTooLong)
            {
                throw new ExternalProcessException($"{Path.GetFileName(program)} printed more than {MaxOutputChars:N0} characters.");
            }

            return new ProcessOutput(process.ExitCode, stdout, stderr);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Kill(process);
            await Task.WhenAll(output, errors); // never throw: they stop at the deadline
            ct.ThrowIfCancellationRequested();
            if ((await output).TooLong)
            {
                throw new ExternalProcessException($"{Path.GetFileName(program)} printed more than {MaxOutputChars:N0} characters.");
            }

            throw new ExternalProcessException($"{Path.GetFileName(program)} took longer than {timeout.TotalSeconds:0.###} s and was stopped.");
        }
        finally
        {
            Kill(process);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
    }

    // Reads until the end; past the bound it stops keeping text and ends the program through the deadline.
    private static async Task<(string Text, bool TooLong)> ReadBoundedAsync(StreamReader reader, CancellationTokenSource deadline)
    {
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, deadline.Token)) > 0)
            {
                if (text.Length + read > MaxOutputChars)
                {
                    await deadline.CancelAsync();
                    return (text.ToString(), true);
                }

                text.Append(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            // The deadline: the caller reports it.
        }
        catch (ObjectDisposedException)
        {
            // The program was killed and its pipe closed.
        }

        return (text.ToString(), false);
    }
}
