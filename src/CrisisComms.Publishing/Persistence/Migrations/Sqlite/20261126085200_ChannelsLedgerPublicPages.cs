using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Publishing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChannelsLedgerPublicPages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "command",
                table: "ledger",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "next_attempt_at",
                table: "ledger",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "part_ids",
                table: "ledger",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "sandbox",
                table: "ledger",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "channel_accounts",
                columns: table => new
                {
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    settings = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    secrets = table.Column<byte[]>(type: "BLOB", nullable: true),
                    secrets_version = table.Column<int>(type: "INTEGER", nullable: false),
                    secrets_rotated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    paused = table.Column<bool>(type: "INTEGER", nullable: false),
                    paused_automatically = table.Column<bool>(type: "INTEGER", nullable: false),
                    paused_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    paused_at = table.Column<long>(type: "INTEGER", nullable: true),
                    consecutive_failures = table.Column<int>(type: "INTEGER", nullable: false),
                    last_success_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_failure_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    sent = table.Column<long>(type: "INTEGER", nullable: false),
                    failed = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_accounts", x => x.channel);
                });

            migrationBuilder.CreateTable(
                name: "public_entries",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    headline = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    html = table.Column<string>(type: "TEXT", nullable: true),
                    cap_identifier = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    cap_xml = table.Column<string>(type: "TEXT", nullable: true),
                    published_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_public_entries", x => new { x.post_id, x.channel });
                });

            migrationBuilder.CreateTable(
                name: "public_incidents",
                columns: table => new
                {
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    hashtag = table.Column<string>(type: "TEXT", maxLength: 140, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    areas = table.Column<string>(type: "TEXT", nullable: false),
                    next_update_due = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_public_incidents", x => x.incident_id);
                });

            migrationBuilder.CreateTable(
                name: "recipients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    group = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    added_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipients", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sms_deliveries",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    message_sid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    error_code = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sms_deliveries", x => new { x.post_id, x.recipient });
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    subscription_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    response_status = table.Column<int>(type: "INTEGER", nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => new { x.post_id, x.subscription_id });
                });

            migrationBuilder.CreateTable(
                name: "webhook_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    secrets = table.Column<byte[]>(type: "BLOB", nullable: true),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_subscriptions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_channel_status",
                table: "ledger",
                columns: new[] { "channel", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_public_entries_cap_identifier",
                table: "public_entries",
                column: "cap_identifier");

            migrationBuilder.CreateIndex(
                name: "ix_public_entries_channel_published_at",
                table: "public_entries",
                columns: new[] { "channel", "published_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recipients_channel_group_address",
                table: "recipients",
                columns: new[] { "channel", "group", "address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sms_deliveries_message_sid",
                table: "sms_deliveries",
                column: "message_sid");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_accounts");

            migrationBuilder.DropTable(
                name: "public_entries");

            migrationBuilder.DropTable(
                name: "public_incidents");

            migrationBuilder.DropTable(
                name: "recipients");

            migrationBuilder.DropTable(
                name: "sms_deliveries");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "webhook_subscriptions");

            migrationBuilder.DropIndex(
                name: "ix_ledger_channel_status",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "command",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "part_ids",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "sandbox",
                table: "ledger");
        }
    }
}
