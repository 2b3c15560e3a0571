using Pulse.Core;
using Pulse.Core.Collections.Schema;
using Pulse.Core.VectorStore;

namespace Pulse.Portal.Infrastructure.Verbs;

/// <summary>
/// <c>schema validate FILE</c>, <c>schema diff FILE [--tenant ID]</c>, <c>schema apply FILE [--tenant ID] [--yes]</c>:
/// collection schemas (seed 002) from YAML. Platform schemas apply as the platform, tenant templates to the tenant named by
/// <c>--tenant</c>; the applied version is recorded as applied by <c>cli@hostname</c>.
/// </summary>
public static class SchemaVerbs
{
    public const string Usage = "schema validate FILE | schema diff FILE [--tenant ID] | schema apply FILE [--tenant ID] [--yes]";

    public static async Task<int> RunAsync(WebApplication app, VerbArguments args, TextWriter output, TextReader? confirm, CancellationToken cancellationToken)
    {
        if (args.Positional is not ["schema", var verb and ("validate" or "diff" or "apply"), var file])
            throw new UsageException($"usage: Pulse.Portal {Usage}");
        var tenantId = args.Tenant();
        var schema = await ReadAsync(file, output, cancellationToken);
        if (schema is null) return 1;
        if (verb == "validate")
        {
            output.WriteLine($"{file}: schema '{schema.Name}' version {schema.Version} ({schema.Scope.ToString().ToLowerInvariant()}) is valid: {schema.Collections.Count} collection(s).");
            return 0;
        }

        switch (schema.Scope)
        {
            case CollectionSchemaScope.Tenant when tenantId is null:
                throw new UsageException($"'{schema.Name}' is a tenant template: name the tenant with --tenant ID.");
            case CollectionSchemaScope.Platform when tenantId is not null:
                throw new UsageException($"'{schema.Name}' declares platform collections; it applies as the platform, without --tenant.");
        }

        await using var session = await CommandLineSession.OpenAsync(app, cancellationToken);
        if (tenantId is { } id) output.WriteLine($"Tenant {id}: {await session.RequireTenantAsync(id, cancellationToken)}");
        var caller = new CommandLineCaller(tenantId);
        var service = new CollectionSchemaService(new TenantVectorStore(session.Services.GetRequiredService<IVectorStore>(), caller), caller, session.Contexts(caller),
            session.Services.GetRequiredService<Pulse.Core.Indexing.CollectionReindexer>());
        var plan = await service.DiffAsync(schema, cancellationToken);
        WritePlan(plan, output);
        if (verb == "diff") return 0;

        if (plan.IsUpToDate)
        {
            output.WriteLine("Nothing to apply: every collection matches the schema (no version recorded).");
            return 0;
        }
        if (!args.Has("yes") && !Confirmed(output, confirm))
        {
            output.WriteLine("Not applied: confirm with --yes (or answer 'y' at the prompt).");
            return 1;
        }

        try
        {
            await service.ApplyAsync(schema, new ConsoleProgress(output), cancellationToken);
        }
        catch (ValidationFailedException ex)
        {
            output.WriteLine($"Refused: {ex.Message}");
            return 1;
        }
        catch (CollectionRebuildException ex)
        {
            output.WriteLine($"Stopped: {ex.Message}");
            return 1;
        }

        foreach (var change in plan.Changes)
        {
            var latest = (await service.HistoryAsync(change.Collection, cancellationToken)).FirstOrDefault();
            output.WriteLine(latest is null
                ? $"{change.Collection}: applied (no version recorded)"
                : $"{change.Collection}: version {latest.Version} recorded on {latest.PhysicalName} by {latest.AppliedByName} at {latest.AppliedAt:u}");
        }
        return 0;
    }

    private static async Task<CollectionSchema?> ReadAsync(string file, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) throw new UsageException($"{file}: no such file.");
        var result = CollectionSchemaService.Validate(await File.ReadAllTextAsync(file, cancellationToken));
        if (result.IsValid) return result.Schema;
        output.WriteLine($"{file}: {result.Problems.Count} problem(s):");
        foreach (var problem in result.Problems) output.WriteLine($"  {problem}");
        return null;
    }

    private static void WritePlan(SchemaPlan plan, TextWriter output)
    {
        output.WriteLine($"Plan for schema '{plan.Schema.Name}' version {plan.Schema.Version}:");
        foreach (var change in plan.Changes)
        {
            var kind = change.Kind switch
            {
                SchemaChangeKind.Create => "create",
                SchemaChangeKind.InPlace => "in place",
                SchemaChangeKind.Rebuild => "rebuild",
                _ => "unchanged",
            };
            output.WriteLine($"  {change.Collection}: {kind}{(change.LiveCollection is { } live && live != change.Collection ? $" (now {live})" : "")}");
            foreach (var detail in change.Details) output.WriteLine($"      {detail}");
        }
        output.WriteLine(plan.IsUpToDate ? "Up to date." : $"{plan.Changes.Count(c => c.Kind != SchemaChangeKind.Unchanged)} collection(s) would change.");
    }

    private static bool Confirmed(TextWriter output, TextReader? confirm)
    {
        if (confirm is null) return false;
        output.Write("Apply these changes? [y/N] ");
        output.Flush();
        return confirm.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }

    /// <summary>Writes each progress sentence on its own line as it happens (not on a captured context).</summary>
    private sealed class ConsoleProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (output) output.WriteLine($"  {value}");
        }
    }
}
