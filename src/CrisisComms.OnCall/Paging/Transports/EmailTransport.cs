using System.Net.Sockets;
using CrisisComms.OnCall.People;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CrisisComms.OnCall.Paging.Transports;

/// <summary>Pages and handover notices by email over SMTP (MailKit); a page's email carries its acknowledge link.</summary>
internal sealed class EmailTransport(IOptions<OnCallOptions> options) : IPagerTransport
{
    public string Kind => ContactKinds.Email;

    public async Task<DeliveryOutcome> SendAsync(Outbound outbound, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return DeliveryOutcome.Refused($"email: {OnCallOptions.Section}:Smtp:Host is not set");
        }

        if (outbound.Delivery.Purpose is Purposes.Acknowledge or Purposes.Resolve)
        {
            // Nothing to take back in an inbox.
            return DeliveryOutcome.Delivered;
        }

        if (!MailboxAddress.TryParse(outbound.Method.Address, out var to))
        {
            return DeliveryOutcome.Refused($"email: '{outbound.Method.Address}' is not an address");
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        message.To.Add(to);
        message.Subject = $"[CrisisComms] {outbound.Delivery.Title}";
        message.MessageId = $"{outbound.Delivery.Id:N}@crisiscomms";
        var text = outbound.Delivery.Body;
        if (outbound.AcknowledgeUrl is { } ack)
        {
            text += $"\n\nAcknowledge (until {outbound.AcknowledgeUrlExpiresAt:HH:mm} UTC): {ack}";
        }

        message.Body = new TextPart("plain") { Text = text };
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.StartTls;
        try
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryOutcome.Delivered;
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return DeliveryOutcome.Refused($"email: {(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or SocketException or IOException or ServiceNotConnectedException or TimeoutException)
        {
            return DeliveryOutcome.Retry($"email: {e.Message}");
        }
        catch (AuthenticationException e)
        {
            return DeliveryOutcome.Refused($"email: {e.Message}");
        }
    }
}
