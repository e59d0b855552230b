using System.Text.RegularExpressions;

namespace Registration.UnitTests;

/// <summary>The repository stands on its own: its documentation points only at files inside it.</summary>
public sealed partial class RepositoryTests
{
    private static DirectoryInfo Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Registration.sln")))
            {
                return dir;
            }
        }

        throw new DirectoryNotFoundException("Registration.sln not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Documents()
    {
        var root = Root();
        var data = new TheoryData<string>();
        foreach (var file in new[] { "README.md" }.Concat(Directory.Exists(Path.Combine(root.FullName, "docs"))
                     ? Directory.GetFiles(Path.Combine(root.FullName, "docs"), "*.md").Select(f => Path.GetRelativePath(root.FullName, f))
                     : []))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Documentation_names_no_file_outside_the_repository(string document)
    {
        var text = File.ReadAllText(Path.Combine(Root().FullName, document));

        OutsidePath().Matches(text).Select(m => m.Value).ShouldBeEmpty();
    }

    // "../something" as a path: a relative link or a path in backquotes that climbs out of the repository.
    [GeneratedRegex(@"(?<![\w.])\.\./[\w.-]+")]
    private static partial Regex OutsidePath();
}
