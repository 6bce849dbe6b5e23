using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Tests.Support;
using CrisisComms.Testing.Infrastructure;
using MimeKit;
using Xunit;

namespace CrisisComms.Monitoring.Tests.Sources;

/// <summary>One private Dovecot for the class (a real IMAP server; seconds to start).</summary>
public sealed class MailServerFixture : IAsyncLifetime
{
    public PrivateMailServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PrivateMailServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class EmailSourceTests(MailServerFixture mail) : MonitoringTest, IClassFixture<MailServerFixture>
{
    private PrivateMailServer Mail => mail.Server;

    [Fact]
    public async Task New_messages_are_read_by_UID_once_each_and_automatic_replies_are_not_mentions()
    {
        var folder = await UseFolderAsync();
        await Mail.AppendAsync(folder, Message("jo@example.org", "Jo Bloggs", "Bins", "Will the bins be collected on Friday?", "<bins-1@example.org>"));
        await Mail.AppendAsync(folder, Message("holiday@example.org", "Away", "Out of office", "I am away.", "<auto-1@example.org>", autoReply: true));

        var first = await PollAsync(SourceTypes.Email);
        await Mail.AppendAsync(folder, Message("ann@example.org", "Ann", "Re: Bins", "Mine were missed too", "<bins-2@example.org>", inReplyTo: "<bins-1@example.org>"));
        var second = await PollAsync(SourceTypes.Email);
        var announced = await AnnouncedAsync("email", 2);

        Assert.Equal((PollOutcome.Polled, 1, 1), (first.Outcome, first.New, first.Rejected));
        Assert.Equal((PollOutcome.Polled, 1), (second.Outcome, second.New));
        var question = Assert.Single(announced, m => m.NativeId == "<bins-1@example.org>");
        Assert.Equal(("Jo Bloggs", "jo@example.org", "Email", "email"), (question.Author, question.AuthorId, question.Kind, question.Source));
        Assert.Equal("Bins\n\nWill the bins be collected on Friday?", question.Text);
        var reply = Assert.Single(announced, m => m.NativeId == "<bins-2@example.org>");
        Assert.Equal("<bins-1@example.org>", reply.InReplyToNativeId);
        Assert.DoesNotContain(Logs.Lines, l => l.Contains(Mail.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rebuilt_mailbox_new_UIDVALIDITY_is_read_again_without_duplicates_and_nothing_new_is_missed()
    {
        var folder = await UseFolderAsync();
        var before = Message("jo@example.org", "Jo", "Power", "Power cut in EX4", "<power-1@example.org>");
        await Mail.AppendAsync(folder, before);
        await PollAsync(SourceTypes.Email);
        var cursorBefore = (await StateAsync(SourceTypes.Email))!.Cursor;

        await Mail.RecreateAsync(folder);
        await Mail.AppendAsync(folder, Message("jo@example.org", "Jo", "Power", "Power cut in EX4", "<power-1@example.org>"));
        await Mail.AppendAsync(folder, Message("lee@example.org", "Lee", "Power", "Still off in EX2", "<power-2@example.org>"));
        var after = await PollAsync(SourceTypes.Email);
        var announced = await AnnouncedAsync("email", 2);

        Assert.Equal((PollOutcome.Polled, 1, 1), (after.Outcome, after.New, after.Duplicates));
        Assert.Equal(["<power-1@example.org>", "<power-2@example.org>"], announced.Select(m => m.NativeId).Order(StringComparer.Ordinal));
        Assert.NotEqual(cursorBefore, (await StateAsync(SourceTypes.Email))!.Cursor);
    }

    [Fact]
    public async Task A_wrong_password_is_a_failing_source_with_a_clear_error()
    {
        var folder = $"Wrong{Guid.NewGuid():N}"[..12];
        await SetAccountAsync("email", new { host = Mail.Host, port = Mail.Port, security = "None", folder }, new { username = Mail.User, password = "not-it" });

        var report = await PollAsync(SourceTypes.Email);

        Assert.Equal(PollOutcome.Failed, report.Outcome);
        Assert.Contains("refused the username or password", report.Error, StringComparison.Ordinal);
    }

    private async Task<string> UseFolderAsync()
    {
        var folder = $"Public{Guid.NewGuid():N}"[..14];
        await Mail.CreateFolderAsync(folder);
        await SetAccountAsync("email", new { host = Mail.Host, port = Mail.Port, security = "None", folder }, new { username = Mail.User, password = Mail.Password });
        return folder;
    }

    private static MimeMessage Message(string from, string name, string subject, string body, string messageId, bool autoReply = false, string? inReplyTo = null)
    {
        var message = new MimeMessage
        {
            Subject = subject,
            MessageId = messageId.Trim('<', '>'),
            Date = DateTimeOffset.UtcNow,
            Body = new TextPart("plain") { Text = body },
        };
        message.From.Add(new MailboxAddress(name, from));
        message.To.Add(new MailboxAddress("Enquiries", "enquiries@demo.gov.uk"));
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo.Trim('<', '>');
        }

        if (autoReply)
        {
            message.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        }

        return message;
    }
}
