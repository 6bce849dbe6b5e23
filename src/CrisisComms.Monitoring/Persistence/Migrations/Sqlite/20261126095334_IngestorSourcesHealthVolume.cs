using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Monitoring.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IngestorSourcesHealthVolume : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "author_followers",
                table: "mentions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "author_id",
                table: "mentions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "conversation_id",
                table: "mentions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "in_reply_to_native_id",
                table: "mentions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_repost",
                table: "mentions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "mentions",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Post");

            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "mentions",
                type: "TEXT",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "mentions",
                type: "TEXT",
                maxLength: 240,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "url",
                table: "mentions",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "mention_tags",
                columns: table => new
                {
                    mention_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tag = table.Column<string>(type: "TEXT", maxLength: 140, nullable: false),
                    author_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    author_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    posted_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mention_tags", x => new { x.mention_id, x.tag });
                });

            migrationBuilder.CreateTable(
                name: "source_accounts",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    settings = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    secrets = table.Column<byte[]>(type: "BLOB", nullable: true),
                    secrets_version = table.Column<int>(type: "INTEGER", nullable: false),
                    secrets_rotated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_source_accounts", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "source_rejections",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    source = table.Column<string>(type: "TEXT", maxLength: 240, nullable: false),
                    native_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    excerpt = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_source_rejections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "source_states",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 240, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    account = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    active_since = table.Column<long>(type: "INTEGER", nullable: false),
                    cursor = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: true),
                    fence = table.Column<long>(type: "INTEGER", nullable: false),
                    fence_holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    next_poll_at = table.Column<long>(type: "INTEGER", nullable: true),
                    backoff_until = table.Column<long>(type: "INTEGER", nullable: true),
                    last_poll_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_success_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_item_at = table.Column<long>(type: "INTEGER", nullable: true),
                    consecutive_failures = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    last_error_at = table.Column<long>(type: "INTEGER", nullable: true),
                    state = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    stale = table.Column<bool>(type: "INTEGER", nullable: false),
                    stale_since = table.Column<long>(type: "INTEGER", nullable: true),
                    items_per_minute = table.Column<double>(type: "REAL", nullable: false),
                    errors_last_hour = table.Column<int>(type: "INTEGER", nullable: false),
                    items_total = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_source_states", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "volume_alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    series = table.Column<string>(type: "TEXT", maxLength: 240, nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_spike_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    peak_count = table.Column<long>(type: "INTEGER", nullable: false),
                    announced_count = table.Column<long>(type: "INTEGER", nullable: false),
                    baseline = table.Column<double>(type: "REAL", nullable: false),
                    ratio = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volume_alerts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_mentions_posted_at",
                table: "mentions",
                column: "posted_at");

            migrationBuilder.CreateIndex(
                name: "ix_mention_tags_tag_posted_at",
                table: "mention_tags",
                columns: new[] { "tag", "posted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_source_rejections_at",
                table: "source_rejections",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_source_rejections_source_id",
                table: "source_rejections",
                columns: new[] { "source", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_volume_alerts_series_started_at",
                table: "volume_alerts",
                columns: new[] { "series", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mention_tags");

            migrationBuilder.DropTable(
                name: "source_accounts");

            migrationBuilder.DropTable(
                name: "source_rejections");

            migrationBuilder.DropTable(
                name: "source_states");

            migrationBuilder.DropTable(
                name: "volume_alerts");

            migrationBuilder.DropIndex(
                name: "ix_mentions_posted_at",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "author_followers",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "author_id",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "conversation_id",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "in_reply_to_native_id",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "is_repost",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "language",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "source",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "url",
                table: "mentions");
        }
    }
}
