using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Registration.Api.Platform.Email;

/// <summary>A template part that may not be used: its field and why, for a person to read.</summary>
public sealed record TemplateProblem(string Field, string Message, string? UnknownPlaceholder = null);

/// <summary>The rendered e-mail.</summary>
public sealed record RenderedEmail(string Subject, string HtmlBody, string TextBody);

/// <summary>
/// Liquid (Fluid) for e-mail templates. A template is checked before it is stored: it must parse, and it may name only
/// the placeholders of its kind (and the variables it makes itself with for, assign, capture), through the standard
/// filters; <c>raw</c> is refused in the HTML body, where every value is HTML-escaped. Rendering is bounded (steps).
/// </summary>
public static class LiquidTemplates
{
    public const int MaxSubjectLength = 1000;
    public const int MaxBodyLength = 100_000;

    // The parser and options are thread-safe once set up; include and render have no file provider to read from.
    private static readonly FluidParser Parser = new();

    /// <summary>Longest text a variable the template makes (assign, capture) may hold, and longest rendered part.</summary>
    private const int MaxVariableLength = 10_000;
    private const int MaxRenderedLength = 1_000_000;

    // A template is the secretariat's, but rendering it must stay bounded whatever it says: steps (loops), the size of
    // what it assigns or captures (doubling a string in a loop), the size of what it writes; ranges are refused at the
    // check, since Fluid lists a range's every number before the first step is counted.
    private static readonly TemplateOptions Options = new()
    {
        MaxSteps = 200_000,
        MaxRecursion = 20,
        CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
        TimeZone = TimeZoneInfo.Utc,
        Assigned = (identifier, value, _) => Bounded(identifier, value),
        Captured = (identifier, value, _) => Bounded(identifier, value),
    };

    private static ValueTask<FluidValue> Bounded(string identifier, FluidValue value) =>
        value is StringValue text && text.ToStringValue().Length > MaxVariableLength
            ? throw new InvalidOperationException($"The template's variable '{identifier}' grew beyond {MaxVariableLength} characters.")
            : ValueTask.FromResult(value);

    /// <summary>Every problem of the template for <paramref name="kind"/>, each with the field it is in; none for a usable template.</summary>
    public static IReadOnlyList<TemplateProblem> Check(EmailKind kind, EmailTemplate template)
    {
        var problems = new List<TemplateProblem>();
        CheckPart(kind, "subject", template.Subject, html: false, problems);
        CheckPart(kind, "htmlBody", template.HtmlBody, html: true, problems);
        CheckPart(kind, "textBody", template.TextBody, html: false, problems);
        return problems;
    }

    /// <summary>Renders a template that passed <see cref="Check"/> with the kind's values: HTML-escaped in the HTML body, as they are elsewhere.</summary>
    public static async Task<RenderedEmail> RenderAsync(EmailTemplate template, object placeholders)
    {
        var model = Placeholders.ToModel(placeholders);
        var subject = await RenderPartAsync(template.Subject, model, NullEncoder.Default);
        return new RenderedEmail(
            // One line: a line break in a value must not start a header of its own (MimeKit folds what is left).
            string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            await RenderPartAsync(template.HtmlBody, model, HtmlEncoder.Default),
            await RenderPartAsync(template.TextBody, model, NullEncoder.Default));
    }

    private static async Task<string> RenderPartAsync(string source, IDictionary<string, object?> model, TextEncoder encoder)
    {
        var parsed = Parser.Parse(source);
        var context = new TemplateContext(Options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        await using var writer = new BoundedWriter();
        await parsed.RenderAsync(writer, encoder, context);
        return writer.ToString();
    }

    /// <summary>Refuses to hold more than <see cref="MaxRenderedLength"/> characters.</summary>
    private sealed class BoundedWriter() : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override void Write(char value)
        {
            Ensure(1);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Ensure(count);
            base.Write(buffer, index, count);
        }

        public override void Write(string? value)
        {
            Ensure(value?.Length ?? 0);
            base.Write(value);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Ensure(buffer.Length);
            base.Write(buffer);
        }

        private void Ensure(int more)
        {
            if (GetStringBuilder().Length + more > MaxRenderedLength)
            {
                throw new InvalidOperationException($"The rendered e-mail grew beyond {MaxRenderedLength} characters.");
            }
        }
    }

    private static void CheckPart(EmailKind kind, string field, string source, bool html, List<TemplateProblem> problems)
    {
        if (!Parser.TryParse(source, out var parsed, out var error))
        {
            problems.Add(new TemplateProblem(field, $"The Liquid does not parse: {error}"));
            return;
        }

        var checker = new PlaceholderChecker(Placeholders.Of(kind), html);
        checker.VisitTemplate(parsed);
        foreach (var unknown in checker.UnknownPlaceholders.Distinct(StringComparer.Ordinal))
        {
            problems.Add(new TemplateProblem(field, $"'{unknown}' is not a placeholder of {kind.Wire()} e-mails.", unknown));
        }

        problems.AddRange(checker.OtherProblems.Distinct(StringComparer.Ordinal).Select(p => new TemplateProblem(field, p)));
    }

    /// <summary>
    /// Walks a parsed template and names every variable path that the kind does not have. Names the template binds
    /// itself (a for loop's variable: an item of the list it walks; assign, capture, increment) are known from where they
    /// are bound; <c>forloop</c> inside a loop; <c>size</c>, <c>first</c> and <c>last</c> of lists, <c>size</c> of text.
    /// </summary>
    private sealed class PlaceholderChecker(IReadOnlyDictionary<string, Placeholder> roots, bool html) : AstVisitor
    {
        private static readonly PlaceholderShape ForLoop = new(Members: new[] { "index", "index0", "rindex", "rindex0", "first", "last", "length" }
            .ToDictionary(n => n, n => new Placeholder(n, "", PlaceholderShape.Value), StringComparer.Ordinal));

        // null: a variable the template made itself, whose content is not checked.
        private readonly List<Dictionary<string, PlaceholderShape?>> scopes = [new(StringComparer.Ordinal)];

        public List<string> UnknownPlaceholders { get; } = [];

        public List<string> OtherProblems { get; } = [];

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            Resolve(memberExpression);
            foreach (var segment in memberExpression.Segments)
            {
                if (segment is IndexerSegment indexer)
                {
                    Visit(indexer.Expression);
                }
            }

            return memberExpression;
        }

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            if (!Options.Filters.TryGetValue(filterExpression.Name, out _))
            {
                OtherProblems.Add($"'{filterExpression.Name}' is not a Liquid filter.");
            }
            else if (html && filterExpression.Name == "raw")
            {
                OtherProblems.Add("The 'raw' filter is not allowed in the HTML body: every value is HTML-escaped there.");
            }

            return base.VisitFilterExpression(filterExpression);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Visit(forStatement.Limit);
            Visit(forStatement.Offset);
            var source = forStatement.Source is MemberExpression member ? Resolve(member) : VisitAndForget(forStatement.Source);
            scopes.Add(new(StringComparer.Ordinal)
            {
                [forStatement.Identifier] = source?.Item,
                ["forloop"] = ForLoop,
            });
            foreach (var statement in forStatement.Statements)
            {
                Visit(statement);
            }

            scopes.RemoveAt(scopes.Count - 1);
            Visit(forStatement.Else);
            return forStatement;
        }

        protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
        {
            OtherProblems.Add("Ranges such as (1..5) are not supported in e-mail templates; loop over a list placeholder.");
            return rangeExpression;
        }

        protected override Statement VisitTableRowStatement(TableRowStatement tableRowStatement)
        {
            OtherProblems.Add("The 'tablerow' tag is not supported in e-mail templates; use for.");
            return tableRowStatement;
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Visit(assignStatement.Value);
            Bind(assignStatement.Identifier);
            return assignStatement;
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            base.VisitCaptureStatement(captureStatement);
            Bind(captureStatement.Identifier);
            return captureStatement;
        }

        protected override Statement VisitIncrementStatement(IncrementStatement incrementStatement)
        {
            Bind(incrementStatement.Identifier);
            return incrementStatement;
        }

        protected override Statement VisitDecrementStatement(DecrementStatement decrementStatement)
        {
            Bind(decrementStatement.Identifier);
            return decrementStatement;
        }

        protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
        {
            OtherProblems.Add("'include' is not supported in e-mail templates: a template stands on its own.");
            return includeStatement;
        }

        protected override Statement VisitRenderStatement(RenderStatement renderStatement)
        {
            OtherProblems.Add("'render' is not supported in e-mail templates: a template stands on its own.");
            return renderStatement;
        }

        private PlaceholderShape? VisitAndForget(Expression? expression)
        {
            Visit(expression);
            return null;
        }

        private void Bind(string identifier) => scopes[0][identifier] = null;

        /// <summary>Follows the path through the known shapes; reports the first segment that does not exist, as the path up to it.</summary>
        private PlaceholderShape? Resolve(MemberExpression expression)
        {
            if (expression.Segments.Count == 0 || expression.Segments[0] is not IdentifierSegment { Identifier: var root })
            {
                return null;
            }

            PlaceholderShape? shape;
            var local = scopes.LastOrDefault(s => s.ContainsKey(root));
            if (local is not null)
            {
                shape = local[root];
            }
            else if (roots.TryGetValue(root, out var placeholder))
            {
                shape = placeholder.Shape;
            }
            else
            {
                UnknownPlaceholders.Add(root);
                return null;
            }

            var path = root;
            foreach (var segment in expression.Segments.Skip(1))
            {
                if (shape is null)
                {
                    return null;
                }

                switch (segment)
                {
                    case IdentifierSegment { Identifier: var name }:
                        path += "." + name;
                        if (shape.IsObject && shape.Members!.TryGetValue(name, out var member))
                        {
                            shape = member.Shape;
                        }
                        else if (shape.IsList && name is "first" or "last")
                        {
                            shape = shape.Item;
                        }
                        else if (name == "size" && !shape.IsObject)
                        {
                            shape = PlaceholderShape.Value;
                        }
                        else
                        {
                            UnknownPlaceholders.Add(path);
                            return null;
                        }

                        break;
                    case IndexerSegment:
                        path += "[]";
                        if (!shape.IsList)
                        {
                            UnknownPlaceholders.Add(path);
                            return null;
                        }

                        shape = shape.Item;
                        break;
                    default:
                        OtherProblems.Add($"'{path}' is called like a function; templates name values only.");
                        return null;
                }
            }

            return shape;
        }
    }
}
