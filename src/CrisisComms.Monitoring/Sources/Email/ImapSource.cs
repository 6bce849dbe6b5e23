using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Mentions;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace CrisisComms.Monitoring.Sources.Email;

/// <summary>
/// Where the mailbox was read to: the folder's UIDVALIDITY and the highest UID stored. If UIDVALIDITY
/// changes (the mailbox was rebuilt), UIDs mean nothing any more: the folder is read again from the start,
/// and Message-IDs keep what was already stored from coming back.
/// </summary>
internal sealed record ImapCursor(uint UidValidity, uint LastUid);

/// <summary>
/// An IMAP mailbox (the council's public enquiries address, say), read with MailKit: opened read-only
/// (flags are the humans' business), new messages by UID, each one parsed on its own so one broken
/// message is skipped with its reason and the rest are read. Auto-replies and bounces are not mentions.
/// </summary>
/// <remarks>
/// Settings: <c>host</c>, <c>port</c> (993), <c>security</c> (SslOnConnect | StartTls | None), <c>folder</c>
/// (INBOX). Credentials: <c>username</c>, <c>password</c>.
/// </remarks>
internal sealed partial class ImapSource : MentionSource
{
    private const int PerPage = 50;

    public override string Type => SourceTypes.Email;

    public override string Channel => "email";

    public override async Task<SourcePage> PollAsync(SourcePoll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var account = poll.Account;
        var cursor = poll.Cursor is { Length: > 0 } json ? JsonSerializer.Deserialize<ImapCursor>(json, SourceJson.Options)! : null;
        var security = account.Setting("security", "SslOnConnect") switch
        {
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            "StartTls" => SecureSocketOptions.StartTls,
            "None" => SecureSocketOptions.None,
            var other => throw new SourceConfigurationException($"{account.Key}: setting 'security' is '{other}', not SslOnConnect, StartTls or None"),
        };

        using var client = new ImapClient { Timeout = (int)poll.CallTimeout.TotalMilliseconds };
        await client.ConnectAsync(account.RequiredSetting("host"), account.Number("port", 993, 1, 65535), security, cancellationToken);
        try
        {
            await client.AuthenticateAsync(new NetworkCredential(account.Secret("username"), account.Secret("password")), cancellationToken);
        }
        catch (AuthenticationException e)
        {
            throw new SourceConfigurationException($"{account.Key}: the mail server refused the username or password ({e.Message})");
        }

        var folder = await client.GetFolderAsync(account.Setting("folder", "INBOX"), cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var lastUid = cursor is not null && cursor.UidValidity == folder.UidValidity ? cursor.LastUid : 0u;
        var uids = (await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(folder.UidValidity, lastUid + 1), UniqueId.MaxValue)), cancellationToken))
            .Where(u => u.Id > lastUid).OrderBy(u => u.Id).ToList();

        var items = new List<CapturedMention>();
        var rejected = new List<SourceRejection>();
        var read = uids.Take(PerPage).ToList();
        foreach (var uid in read)
        {
            try
            {
                var message = await folder.GetMessageAsync(uid, cancellationToken);
                if (Read(message, folder.UidValidity, uid.Id, poll.Now) is { } item)
                {
                    items.Add(item);
                }
                else
                {
                    rejected.Add(new SourceRejection($"{folder.UidValidity}:{uid.Id}", "automatic message (Auto-Submitted or bounce)", message.Subject));
                }
            }
            catch (Exception e) when (e is FormatException or ParseException or InvalidOperationException or ArgumentException)
            {
                rejected.Add(new SourceRejection($"{folder.UidValidity}:{uid.Id}", $"message not readable: {e.Message}"));
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        var next = new ImapCursor(folder.UidValidity, read.Count > 0 ? read[^1].Id : lastUid);
        return new SourcePage(items, rejected, JsonSerializer.Serialize(next, SourceJson.Options), More: uids.Count > read.Count);
    }

    internal static CapturedMention? Read(MimeMessage message, uint uidValidity, uint uid, DateTimeOffset now)
    {
        var autoSubmitted = message.Headers[HeaderId.AutoSubmitted];
        if ((!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
            || message.Headers[HeaderId.ContentType]?.Contains("report-type=delivery-status", StringComparison.OrdinalIgnoreCase) == true)
        {
            return null;
        }

        var from = message.From.Mailboxes.FirstOrDefault();
        var body = message.TextBody ?? (message.HtmlBody is { } html ? WebUtility.HtmlDecode(Tags().Replace(html, " ")) : string.Empty);
        var text = string.IsNullOrWhiteSpace(message.Subject) ? body.Trim() : $"{message.Subject.Trim()}\n\n{body.Trim()}";
        var id = string.IsNullOrEmpty(message.MessageId) ? string.Create(CultureInfo.InvariantCulture, $"{uidValidity}:{uid}") : $"<{message.MessageId}>";
        return new CapturedMention(id, from?.Name is { Length: > 0 } name ? name : from?.Address ?? "unknown", text, message.Date == DateTimeOffset.MinValue ? now : message.Date)
        {
            Kind = MentionKinds.Email,
            AuthorId = from?.Address?.ToLowerInvariant(),
            InReplyToNativeId = string.IsNullOrEmpty(message.InReplyTo) ? null : $"<{message.InReplyTo}>",
            ConversationId = message.References.Count > 0 ? $"<{message.References[0]}>" : id,
        };
    }

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();
}
