namespace Pulse.Portal.Infrastructure.Verbs;

/// <summary>
/// The words of a command line split into positional words and the verbs' own options (<c>--tenant 3</c>, <c>--yes</c>).
/// Host settings (<c>--Key=value</c>, <c>Key=value</c>) are left to the configuration and skipped here.
/// </summary>
public sealed class VerbArguments
{
    private static readonly string[] ValueOptions = ["tenant", "source"];
    private static readonly string[] FlagOptions = ["yes", "repair"];
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private VerbArguments(List<string> positional, string? problem) => (Positional, Problem) = (positional, problem);

    /// <summary>The words that are not options: the verb, its sub-verb and its operands.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>What is wrong with the options (an option missing its value), or null.</summary>
    public string? Problem { get; }

    public static VerbArguments Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        string? problem = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && !arg.Contains('='))
            {
                var name = arg[2..];
                if (ValueOptions.Contains(name))
                {
                    if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) values[name] = args[++i];
                    else problem ??= $"--{name} needs a value.";
                }
                else if (FlagOptions.Contains(name))
                {
                    flags.Add(name);
                }
                continue;
            }
            if (arg.StartsWith('-') || arg.Contains('=')) continue;
            positional.Add(arg);
        }
        var result = new VerbArguments(positional, problem);
        foreach (var (key, value) in values) result._values[key] = value;
        result._flags.UnionWith(flags);
        return result;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Value(string name) => _values.GetValueOrDefault(name);

    /// <summary>The <c>--tenant</c> id: null when absent; throws <see cref="UsageException"/> when it is not a positive number.</summary>
    public int? Tenant() => Value("tenant") switch
    {
        null => null,
        var text when int.TryParse(text, out var id) && id > 0 => id,
        var text => throw new UsageException($"--tenant takes a tenant id (a positive number), not '{text}'."),
    };
}

/// <summary>The command line was not understood; the verbs exit with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The verb ran but refused or found problems; the verbs exit with code 1.</summary>
public sealed class RefusedException(string message) : Exception(message);
