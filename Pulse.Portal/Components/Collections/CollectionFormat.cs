using System.Globalization;
using Pulse.Core.VectorStore;
using Radzen;

namespace Pulse.Portal.Components.Collections;

/// <summary>How collection values read on the pages.</summary>
public static class CollectionFormat
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };

    public static BadgeStyle Badge(CollectionStatus status) => status switch
    {
        CollectionStatus.Green => BadgeStyle.Success,
        CollectionStatus.Yellow => BadgeStyle.Warning,
        CollectionStatus.Red => BadgeStyle.Danger,
        _ => BadgeStyle.Light,
    };

    public static string Detail(CollectionStatus status) => status switch
    {
        CollectionStatus.Green => "green: ready",
        CollectionStatus.Yellow => "yellow: optimizing",
        CollectionStatus.Grey => "grey: optimization pending",
        _ => "red: failed operations",
    };

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
