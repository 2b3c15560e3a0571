using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>AI usage aggregates of the key's tenant (the DbContext's tenant filter scopes every row).</summary>
public static class ApiUsageHandlers
{
    public static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> UsageAsync(IPulseDbContextFactory contexts, TimeProvider time, CancellationToken cancellationToken, int days = 30)
    {
        if (days is < 1 or > 366) return ApiProblems.BadRequest("days must be 1 to 366.");
        var to = time.GetUtcNow();
        var from = to.AddDays(-days);
        await using var db = contexts.CreateReadOnlyDbContext();
        var lines = await db.AiUsage.Where(u => u.CreatedAt >= from && u.CreatedAt < to)
            .GroupBy(u => new { u.Provider, u.Operation, u.Currency })
            .Select(g => new UsageLine(g.Key.Provider, g.Key.Operation, g.LongCount(), g.LongCount(u => !u.Success), g.Sum(u => (long)u.TotalTokens), g.Sum(u => u.Cost), g.Key.Currency))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new UsageResponse(from, to, lines.Sum(l => l.Calls), lines.Sum(l => l.Failed), lines.Sum(l => l.Tokens), lines.Sum(l => l.Cost),
            [.. lines.OrderBy(l => l.Provider).ThenBy(l => l.Operation)]));
    }
}
