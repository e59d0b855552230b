using System.Security.Cryptography;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Files;

/// <summary>
/// Where uploaded files (statements) live, apart from the database. A file is first staged — streamed to a temporary
/// name, hashed and measured on the way, never held whole in memory — and is moved into place (<see cref="PublishAsync"/>)
/// only once the database row that owns it has committed. The orphan sweep (<c>Jobs/SweepOrphanFiles</c>)
/// finishes what a stopped process left half done: a staged file whose row committed is moved into place, anything
/// without a row is removed. A local folder by default; an S3-compatible store implements the same few calls.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to a new staged file. More than <paramref name="maxBytes"/> is
    /// <c>413 payload-too-large</c> and leaves nothing behind; so does a read that fails or is cancelled.
    /// </summary>
    Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken ct);

    /// <summary>Moves a staged file into place under its key (its row has committed). Done already is fine.</summary>
    Task PublishAsync(string key, CancellationToken ct);

    /// <summary>Removes a staged or published file; a missing one is fine.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>Opens a published file for reading (seekable, for range requests); null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Every file the store holds, staged or published, with when it was last written: what the orphan sweep checks.</summary>
    IAsyncEnumerable<StoredFileEntry> ListAsync(CancellationToken ct);
}

/// <summary>A staged file: its key, where it is on this machine (for tools such as ffprobe), its size and SHA-256 (hex).</summary>
public sealed record StagedFile(string Key, string LocalPath, long SizeBytes, string Sha256);

/// <summary>A file the store holds: its key, whether it is still staged, and when it was last written (UTC).</summary>
public sealed record StoredFileEntry(string Key, bool Staged, DateTimeOffset WrittenAt);

/// <summary>The <c>Files</c> configuration section.</summary>
public sealed class FileStoreOptions
{
    public const string Section = "Files";

    /// <summary>The folder the local store keeps files in; relative paths are taken from the content root (default <c>.local/files</c>).</summary>
    public string Root { get; set; } = Path.Combine(".local", "files");

    /// <summary>How old a file without a committed row must be before the sweep removes it, in minutes (default 60): an upload may still be running.</summary>
    public double OrphanAgeMinutes { get; set; } = 60;
}

/// <summary>
/// The local-folder store: published files under <c>Root/xx/key</c> (the key's first two characters spread them over
/// folders), staged files under <c>Root/.staging/key</c> on the same file system, so that publishing is one atomic rename.
/// </summary>
public sealed class LocalFileStore : IFileStore
{
    private const string StagingFolder = ".staging";
    private readonly string root;
    private readonly string staging;

    public LocalFileStore(string root)
    {
        this.root = Path.GetFullPath(root);
        staging = Path.Combine(this.root, StagingFolder);
        Directory.CreateDirectory(staging);
    }

    public string Root => root;

    public async Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var key = Guid.CreateVersion7().ToString("N");
        var path = StagedPath(key);
        var completed = false;
        try
        {
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw new DomainFailure(FailureKind.PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                            $"The file exceeds the limit of {maxBytes / (1024.0 * 1024.0):0.#} MB.");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                await file.FlushAsync(ct);
            }

            completed = true;
            return new StagedFile(key, path, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            if (!completed)
            {
                File.Delete(path);
            }
        }
    }

    public Task PublishAsync(string key, CancellationToken ct)
    {
        var from = StagedPath(key);
        var to = PublishedPath(key);
        if (File.Exists(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Move(from, to, overwrite: true);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        foreach (var path in new[] { StagedPath(key), PublishedPath(key) })
        {
            // File.Delete accepts a missing file but not a missing folder.
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        return Task.CompletedTask;
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PublishedPath(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
        return Task.FromResult(stream);
    }

    public async IAsyncEnumerable<StoredFileEntry> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            if (IsKey(file.Name))
            {
                var staged = string.Equals(file.Directory?.Name, StagingFolder, StringComparison.Ordinal);
                yield return new StoredFileEntry(file.Name, staged, file.LastWriteTimeUtc);
            }
        }

        await Task.CompletedTask;
    }

    private string StagedPath(string key) => Path.Combine(staging, Checked(key));

    private string PublishedPath(string key) => Path.Combine(root, Checked(key)[..2], key);

    /// <summary>Keys are the store's own (32 hex digits): nothing else ever becomes part of a path.</summary>
    private static string Checked(string key) => IsKey(key) ? key : throw new ArgumentException($"'{key}' is not a file key of this store.", nameof(key));

    private static bool IsKey(string name) => name.Length == 32 && name.All(char.IsAsciiHexDigitLower);
}

public static class FileStoreSetup
{
    public static WebApplicationBuilder AddRegistrationFiles(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(FileStoreOptions.Section).Get<FileStoreOptions>() ?? new FileStoreOptions();
        if (string.IsNullOrWhiteSpace(options.Root) || options.OrphanAgeMinutes <= 0)
        {
            throw new InvalidOperationException($"{FileStoreOptions.Section}: Root must be set and OrphanAgeMinutes positive.");
        }

        var root = Path.IsPathRooted(options.Root) ? options.Root : Path.Combine(builder.Environment.ContentRootPath, options.Root);
        builder.Services.AddSingleton(options);
        // Created on first use: a command that never stores a file (openapi, token) makes no folder.
        builder.Services.AddSingleton<IFileStore>(_ => new LocalFileStore(root));
        return builder;
    }
}
