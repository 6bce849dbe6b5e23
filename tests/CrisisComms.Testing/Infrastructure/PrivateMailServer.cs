using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace CrisisComms.Testing.Infrastructure;

/// <summary>
/// A real IMAP server for the tests: Debian's Dovecot, started privately on a free loopback port in a temp
/// folder (its own configuration, users and maildirs; nothing shared with a Dovecot already installed) and
/// removed afterwards. Messages are put in with IMAP APPEND, as a mail client would.
/// </summary>
public sealed class PrivateMailServer : IAsyncDisposable
{
    private const string Dovecot = "/usr/sbin/dovecot";
    private readonly string _root;
    private readonly ChildProcess _process;

    private PrivateMailServer(string root, ChildProcess process, int port)
    {
        _root = root;
        _process = process;
        Port = port;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string User => "council";

    public string Password => "mail-password-do-not-log";

    public static async Task<PrivateMailServer> StartAsync()
    {
        if (!File.Exists(Dovecot))
        {
            throw new InvalidOperationException($"{Dovecot} not found: install dovecot-imapd (./test.sh does, with apt)");
        }

        var root = Path.Combine(Path.GetTempPath(), $"crisiscomms-mail-{Environment.ProcessId}-{Guid.NewGuid():N}"[..36]);
        Directory.CreateDirectory(Path.Combine(root, "mail"));
        Directory.CreateDirectory(Path.Combine(root, "run"));
        Directory.CreateDirectory(Path.Combine(root, "state"));
        var port = FreePort.Next();
        var asRoot = Environment.UserName == "root";

        // As root, Dovecot hands mail to its own unprivileged users; otherwise everything runs as us.
        var (mailUser, loginUser) = asRoot ? ("dovecot", "dovenull") : (Environment.UserName, Environment.UserName);
        var users = Path.Combine(root, "users");
        await File.WriteAllTextAsync(users, "council:{PLAIN}mail-password-do-not-log\n");
        var config = Path.Combine(root, "dovecot.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{root}}/run
            state_dir = {{root}}/state
            log_path = {{root}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{root}}/mail/%u
            first_valid_uid = 0
            mail_uid = {{mailUser}}
            mail_gid = {{mailUser}}
            default_internal_user = {{mailUser}}
            default_login_user = {{loginUser}}
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{users}}
            }
            userdb {
              driver = static
              args = uid={{mailUser}} gid={{mailUser}} home={{root}}/mail/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service stats {
              unix_listener stats-reader {
                mode = 0666
              }
              unix_listener stats-writer {
                mode = 0666
              }
            }
            """));
        if (asRoot)
        {
            await ChildProcess.RunAsync("chmod", ["755", root], TimeSpan.FromSeconds(10));
            await ChildProcess.RunAsync("chown", ["-R", $"{mailUser}:{mailUser}", Path.Combine(root, "mail")], TimeSpan.FromSeconds(10));
        }

        var process = ChildProcess.Start(Dovecot, ["-F", "-c", config], Path.Combine(root, "dovecot.out"));
        var server = new PrivateMailServer(root, process, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var client = await server.ConnectAsync();
                await client.DisconnectAsync(true);
                return server;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or ImapProtocolException or AuthenticationException)
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    await server.DisposeAsync();
                    throw new InvalidOperationException($"Dovecot did not start: {e.Message}\n{process.Tail()}", e);
                }

                await Task.Delay(200);
            }
        }
    }

    /// <summary>Puts a message in <paramref name="folder"/> (created if missing); returns its UID.</summary>
    public async Task<uint> AppendAsync(string folder, MimeMessage message)
    {
        using var client = await ConnectAsync();
        var target = await FolderAsync(client, folder);
        var uid = await target.AppendAsync(message, MessageFlags.None);
        await client.DisconnectAsync(true);
        return uid?.Id ?? 0;
    }

    public async Task CreateFolderAsync(string folder)
    {
        using var client = await ConnectAsync();
        await FolderAsync(client, folder);
        await client.DisconnectAsync(true);
    }

    /// <summary>Deletes and re-creates <paramref name="folder"/>: a new UIDVALIDITY, UIDs from 1 again.</summary>
    public async Task RecreateAsync(string folder)
    {
        using var client = await ConnectAsync();
        var existing = await client.GetFolderAsync(folder);
        await existing.DeleteAsync();
        await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync(folder, true);
        await client.DisconnectAsync(true);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient { Timeout = 10_000 };
        try
        {
            await client.ConnectAsync(Host, Port, SecureSocketOptions.None);
            await client.AuthenticateAsync(User, Password);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string name)
    {
        if (name.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return client.Inbox;
        }

        try
        {
            return await client.GetFolderAsync(name);
        }
        catch (FolderNotFoundException)
        {
            return await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync(name, true)
                ?? throw new InvalidOperationException($"IMAP folder {name} could not be created");
        }
    }
}
