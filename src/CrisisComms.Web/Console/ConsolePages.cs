using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrisisComms.Web.Console;

/// <summary>The officer console: every page needs staff (Officer, Approver or Admin); what each may do is checked again by the owning service's API.</summary>
internal static class ConsolePages
{
    public static void MapConsole(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/console").RequireAuthorization(Policies.Staff).ExcludeFromDescription();
        console.MapIncidentPages();
        console.MapDraftPages();
        console.MapSchedulePages();
        console.MapTriagePages();
        console.MapOperationsPages();
        console.MapUserPages();
    }
}
