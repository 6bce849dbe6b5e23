using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Publishing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChannelsLedgerPublicPages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "text",
                schema: "publishing",
                table: "sandbox_posts",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10000)",
                oldMaxLength: 10000);

            migrationBuilder.AddColumn<string>(
                name: "command",
                schema: "publishing",
                table: "ledger",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_attempt_at",
                schema: "publishing",
                table: "ledger",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "part_ids",
                schema: "publishing",
                table: "ledger",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<bool>(
                name: "sandbox",
                schema: "publishing",
                table: "ledger",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "channel_accounts",
                schema: "publishing",
                columns: table => new
                {
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    settings = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    secrets = table.Column<byte[]>(type: "bytea", nullable: true),
                    secrets_version = table.Column<int>(type: "integer", nullable: false),
                    secrets_rotated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    paused = table.Column<bool>(type: "boolean", nullable: false),
                    paused_automatically = table.Column<bool>(type: "boolean", nullable: false),
                    paused_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    consecutive_failures = table.Column<int>(type: "integer", nullable: false),
                    last_success_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_failure_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    sent = table.Column<long>(type: "bigint", nullable: false),
                    failed = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_accounts", x => x.channel);
                });

            migrationBuilder.CreateTable(
                name: "public_entries",
                schema: "publishing",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    headline = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    html = table.Column<string>(type: "text", nullable: true),
                    cap_identifier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cap_xml = table.Column<string>(type: "text", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_public_entries", x => new { x.post_id, x.channel });
                });

            migrationBuilder.CreateTable(
                name: "public_incidents",
                schema: "publishing",
                columns: table => new
                {
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    hashtag = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    areas = table.Column<List<string>>(type: "text[]", nullable: false),
                    next_update_due = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_public_incidents", x => x.incident_id);
                });

            migrationBuilder.CreateTable(
                name: "recipients",
                schema: "publishing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    group = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipients", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sms_deliveries",
                schema: "publishing",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_sid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    error_code = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sms_deliveries", x => new { x.post_id, x.recipient });
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                schema: "publishing",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => new { x.post_id, x.subscription_id });
                });

            migrationBuilder.CreateTable(
                name: "webhook_subscriptions",
                schema: "publishing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    secrets = table.Column<byte[]>(type: "bytea", nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_subscriptions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_channel_status",
                schema: "publishing",
                table: "ledger",
                columns: new[] { "channel", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_public_entries_cap_identifier",
                schema: "publishing",
                table: "public_entries",
                column: "cap_identifier");

            migrationBuilder.CreateIndex(
                name: "ix_public_entries_channel_published_at",
                schema: "publishing",
                table: "public_entries",
                columns: new[] { "channel", "published_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recipients_channel_group_address",
                schema: "publishing",
                table: "recipients",
                columns: new[] { "channel", "group", "address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sms_deliveries_message_sid",
                schema: "publishing",
                table: "sms_deliveries",
                column: "message_sid");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_accounts",
                schema: "publishing");

            migrationBuilder.DropTable(
                name: "public_entries",
                schema: "publishing");

            migrationBuilder.DropTable(
                name: "public_incidents",
                schema: "publishing");

            migrationBuilder.DropTable(
                name: "recipients",
                schema: "publishing");

            migrationBuilder.DropTable(
                name: "sms_deliveries",
                schema: "publishing");

            migrationBuilder.DropTable(
                name: "webhook_deliveries",
                schema: "publishing");

            migrationBuilder.DropTable(
                name: "webhook_subscriptions",
                schema: "publishing");

            migrationBuilder.DropIndex(
                name: "ix_ledger_channel_status",
                schema: "publishing",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "command",
                schema: "publishing",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                schema: "publishing",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "part_ids",
                schema: "publishing",
                table: "ledger");

            migrationBuilder.DropColumn(
                name: "sandbox",
                schema: "publishing",
                table: "ledger");

            migrationBuilder.AlterColumn<string>(
                name: "text",
                schema: "publishing",
                table: "sandbox_posts",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20000)",
                oldMaxLength: 20000);
        }
    }
}
