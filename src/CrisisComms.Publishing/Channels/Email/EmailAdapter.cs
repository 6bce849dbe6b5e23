using CrisisComms.Contracts.Publishing;
using CrisisComms.Publishing.Persistence;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CrisisComms.Publishing.Channels.Email;

/// <summary>
/// Email to distribution lists over SMTP (MailKit): one message per post, the list in Bcc, a plain and
/// an HTML body. Its Message-Id is derived from the post, so a copy sent twice is recognisable; but
/// SMTP cannot be asked afterwards what it took, so an unknown outcome goes to an officer.
/// </summary>
/// <remarks>
/// Settings: <c>host</c>, <c>port</c> (587), <c>security</c> (StartTls | SslOnConnect | None), <c>from</c>,
/// <c>fromName</c>, <c>groups</c>. Credentials (optional): <c>username</c>, <c>password</c>.
/// </remarks>
internal sealed class EmailAdapter(PublishingDbContext db) : IChannelAdapter
{
    private const int MaxBccPerMessage = 500;

    public string Channel => ChannelNames.Email;

    public async Task<ChannelOutcome> PublishAsync(ChannelPost post, ChannelCall call, CancellationToken cancellationToken)
    {
        var groups = call.Setting("groups", "all").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var recipients = post.Recipient is { Length: > 0 }
            ? []
            : await db.Recipients.AsNoTracking()
                .Where(r => r.Channel == ChannelNames.Email && groups.Contains(r.Group))
                .Select(r => r.Address).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        if (post.Recipient is null && recipients.Count == 0)
        {
            return ChannelOutcome.Refused($"email: no addresses in lists {string.Join(", ", groups)}");
        }

        if (post.Recipient is { } to && !MailboxAddress.TryParse(to, out _))
        {
            return ChannelOutcome.Refused($"email: '{to}' is not an address to reply to");
        }

        try
        {
            using var smtp = new SmtpClient { Timeout = 30_000 };
            var security = call.Setting("security", "StartTls") switch
            {
                "None" => SecureSocketOptions.None,
                "SslOnConnect" => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await smtp.ConnectAsync(call.Setting("host"), int.Parse(call.Setting("port", "587"), System.Globalization.CultureInfo.InvariantCulture), security, cancellationToken);
            if (call.Secrets.TryGetValue("username", out var user) && !string.IsNullOrEmpty(user))
            {
                await smtp.AuthenticateAsync(user, call.Secret("password"), cancellationToken);
            }

            if (post.Recipient is { } person)
            {
                await smtp.SendAsync(Reply(post, call, person), cancellationToken);
            }

            var chunks = recipients.Chunk(MaxBccPerMessage).ToList();
            for (var i = 0; i < chunks.Count; i++)
            {
                await smtp.SendAsync(Message(post, call, chunks[i], i), cancellationToken);
            }

            await smtp.DisconnectAsync(quit: true, cancellationToken);
            return ChannelOutcome.Posted($"<{post.PostId:N}@crisiscomms>", null);
        }
        catch (SmtpCommandException e) when (e.StatusCode is SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.MailboxNameNotAllowed or SmtpStatusCode.TransactionFailed && (int)e.StatusCode >= 500)
        {
            return ChannelOutcome.Refused($"email: {(int)e.StatusCode} {e.Message}");
        }
        catch (AuthenticationException e)
        {
            return ChannelOutcome.Refused($"email: the SMTP server refused the credentials ({e.Message})");
        }
        catch (SmtpCommandException e)
        {
            return (int)e.StatusCode >= 500 ? ChannelOutcome.Refused($"email: {(int)e.StatusCode} {e.Message}") : ChannelOutcome.Retry($"email: {(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or ServiceNotConnectedException)
        {
            return ChannelOutcome.Unknown($"email: connection lost ({e.Message})");
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or SslHandshakeException)
        {
            return ChannelOutcome.Retry($"email: could not connect ({e.Message})");
        }
        catch (ChannelConfigurationException e)
        {
            return ChannelOutcome.Refused(e.Message);
        }
    }

    /// <summary>SMTP keeps no record a sender can query.</summary>
    public Task<Lookup> LookUpAsync(ChannelPost post, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup.CannotTell("SMTP cannot say whether it took a message; check the list's mailbox"));

    public Task<ChannelOutcome> WithdrawAsync(ChannelPost post, IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken) =>
        Task.FromResult(ChannelOutcome.Refused($"{Channel}: {ChannelNames.WhyNotWithdrawable(Channel)}"));

    private static MimeMessage Message(ChannelPost post, ChannelCall call, IEnumerable<string> bcc, int chunk)
    {
        var from = new MailboxAddress(call.Setting("fromName", "Emergency communications"), call.Setting("from"));
        var message = new MimeMessage
        {
            Subject = post.Subject ?? "Update",
            MessageId = $"{post.PostId:N}.{chunk}@crisiscomms",
            Body = new BodyBuilder { TextBody = post.Text, HtmlBody = post.Html }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(from);
        message.Bcc.AddRange(bcc.Select(MailboxAddress.Parse));
        message.Headers.Add("Idempotency-Key", post.IdempotencyKey);
        return message;
    }

    /// <summary>An answer to one person, threaded under their message (In-Reply-To/References) when we know its Message-Id.</summary>
    private static MimeMessage Reply(ChannelPost post, ChannelCall call, string to)
    {
        var message = new MimeMessage
        {
            Subject = post.Subject ?? "Re: your message",
            MessageId = $"{post.PostId:N}@crisiscomms",
            Body = new BodyBuilder { TextBody = post.Text, HtmlBody = post.Html }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(call.Setting("fromName", "Emergency communications"), call.Setting("from")));
        message.To.Add(MailboxAddress.Parse(to));
        if (post.InReplyTo is { Length: > 0 } original)
        {
            message.InReplyTo = original.Trim('<', '>');
            message.References.Add(message.InReplyTo);
        }

        message.Headers.Add("Idempotency-Key", post.IdempotencyKey);
        return message;
    }
}
