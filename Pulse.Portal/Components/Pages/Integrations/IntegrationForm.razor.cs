using Microsoft.AspNetCore.Components;
using Pulse.Core;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Portal.Components.Pages.IntegrationParts;

/// <summary>Create or edit one integration: the chain preview updates as the fallback or vector space changes.</summary>
public partial class IntegrationForm
{
    private static readonly object[] kinds = Enum.GetValues<ProviderKind>().Select(k => new { Value = k, Label = ProviderNames.Label(k) }).ToArray<object>();
    private static readonly object[] subtypes = [new { Value = ProviderSubtype.Embedding, Label = "Embedding" }, new { Value = ProviderSubtype.Llm, Label = "LLM (chat)" }];

    // Radzen's switch puts the role on an inner input, which a <label for> cannot reach: name it by the visible label.
    private static readonly IReadOnlyDictionary<string, object> ActiveSwitchAttributes = new Dictionary<string, object> { ["aria-labelledby"] = "int-active-label" };

    [Inject] private IntegrationService Integrations { get; set; } = default!;

    /// <summary>The values being edited.</summary>
    [Parameter, EditorRequired] public IntegrationFormModel Model { get; set; } = default!;

    /// <summary>The integration being edited; null when creating.</summary>
    [Parameter] public int? EditingId { get; set; }

    /// <summary>True when the edited integration has a stored key.</summary>
    [Parameter] public bool CredentialSet { get; set; }

    /// <summary>The tenant's integrations (fallback choices).</summary>
    [Parameter] public IReadOnlyList<IntegrationSummary> Candidates { get; set; } = [];

    /// <summary>Saved: the message to show.</summary>
    [Parameter] public EventCallback<string> OnSaved { get; set; }

    /// <summary>The user gave up.</summary>
    [Parameter] public EventCallback OnCancel { get; set; }

    private ChainPreview? preview;
    private ConnectionTestResult? test;
    private string? error;
    private bool busy;
    private bool testing;

    private string Title => EditingId is null ? "New integration" : $"Edit {Candidates.FirstOrDefault(c => c.Id == EditingId)?.Name}";

    private IEnumerable<IntegrationSummary> FallbackOptions => Candidates.Where(c => c.Id != EditingId && c.Subtype == Model.Subtype);

    protected override Task OnParametersSetAsync() => PreviewAsync();

    private async Task KindChangedAsync(ProviderKind kind)
    {
        Model.Kind = kind;
        if (EditingId is null) Model.ApplyKindDefaults();
        else if (kind is ProviderKind.LocalHashing or ProviderKind.SentenceTransformers) Model.Subtype = ProviderSubtype.Embedding;
        await PreviewAsync();
    }

    private async Task SubtypeChangedAsync(ProviderSubtype subtype)
    {
        Model.Subtype = subtype;
        if (EditingId is null) Model.ApplyKindDefaults();
        Model.FallbackIntegrationId = null;
        await PreviewAsync();
    }

    private Task ModelChangedAsync(string? value) { Model.Model = value; return PreviewAsync(); }

    private Task PricingChangedAsync(string? value) { Model.PricingModel = value; return PreviewAsync(); }

    private Task FallbackChangedAsync(int? value) { Model.FallbackIntegrationId = value; return PreviewAsync(); }

    private async Task PreviewAsync()
    {
        try
        {
            preview = await Integrations.PreviewChainAsync(EditingId, Model.ToInput() with { NewSecret = null, SecretChange = SecretChange.Keep });
        }
        catch (ValidationFailedException)
        {
            preview = null; // unreadable header lines: the save reports them
        }
    }

    private async Task SaveAsync()
    {
        busy = true;
        error = null;
        try
        {
            var input = Model.ToInput();
            if (EditingId is int id) await Integrations.UpdateAsync(id, input);
            else await Integrations.CreateAsync(input);
            Model.NewSecret = null;
            await OnSaved.InvokeAsync(EditingId is null ? $"Created {input.Name}." : $"Saved {input.Name}.");
        }
        catch (Exception ex) when (ex is ValidationFailedException or TenantAccessDeniedException or Pulse.Core.Data.DatabaseUnavailableException)
        {
            error = ex.Message;
        }
        finally
        {
            busy = false;
        }
    }

    private async Task TestAsync()
    {
        testing = true;
        (error, test) = (null, null);
        try
        {
            test = await Integrations.TestConnectionAsync(EditingId, Model.ToInput());
        }
        catch (Exception ex) when (ex is ValidationFailedException or TenantAccessDeniedException or ArgumentException)
        {
            error = ex.Message;
        }
        finally
        {
            testing = false;
        }
    }

    private static string TestText(ConnectionTestResult result) => result.Success
        ? $"Connected in {result.LatencyMs} ms{(result.Dimension is int d ? $": {d}-dimensional vectors" : "")}{(result.ModelReply is { } reply ? $": \"{reply}\"" : "")}{(result.Model is { } m ? $" from {m}" : "")}."
        : $"The connection test failed after {result.LatencyMs} ms: {result.Error}";
}
