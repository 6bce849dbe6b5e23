using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrisisComms.Monitoring.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IngestorSourcesHealthVolume : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "author_followers",
                schema: "monitoring",
                table: "mentions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "author_id",
                schema: "monitoring",
                table: "mentions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "conversation_id",
                schema: "monitoring",
                table: "mentions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "in_reply_to_native_id",
                schema: "monitoring",
                table: "mentions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_repost",
                schema: "monitoring",
                table: "mentions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                schema: "monitoring",
                table: "mentions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Post");

            migrationBuilder.AddColumn<string>(
                name: "language",
                schema: "monitoring",
                table: "mentions",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                schema: "monitoring",
                table: "mentions",
                type: "character varying(240)",
                maxLength: 240,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "url",
                schema: "monitoring",
                table: "mentions",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "mention_tags",
                schema: "monitoring",
                columns: table => new
                {
                    mention_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tag = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    author_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    posted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mention_tags", x => new { x.mention_id, x.tag });
                });

            migrationBuilder.CreateTable(
                name: "source_accounts",
                schema: "monitoring",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    settings = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    secrets = table.Column<byte[]>(type: "bytea", nullable: true),
                    secrets_version = table.Column<int>(type: "integer", nullable: false),
                    secrets_rotated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_source_accounts", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "source_rejections",
                schema: "monitoring",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source = table.Column<string>(type: "character varying(240)", maxLength: 240, nullable: false),
                    native_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    excerpt = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_source_rejections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "source_states",
                schema: "monitoring",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(240)", maxLength: 240, nullable: false),
                    type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    account = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    active_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cursor = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: true),
                    fence = table.Column<long>(type: "bigint", nullable: false),
                    fence_holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    next_poll_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    backoff_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_poll_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_success_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_item_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    consecutive_failures = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    last_error_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    stale = table.Column<bool>(type: "boolean", nullable: false),
                    stale_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    items_per_minute = table.Column<double>(type: "double precision", nullable: false),
                    errors_last_hour = table.Column<int>(type: "integer", nullable: false),
                    items_total = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_source_states", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "volume_alerts",
                schema: "monitoring",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    series = table.Column<string>(type: "character varying(240)", maxLength: 240, nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_spike_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    peak_count = table.Column<long>(type: "bigint", nullable: false),
                    announced_count = table.Column<long>(type: "bigint", nullable: false),
                    baseline = table.Column<double>(type: "double precision", nullable: false),
                    ratio = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volume_alerts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_mentions_posted_at",
                schema: "monitoring",
                table: "mentions",
                column: "posted_at");

            migrationBuilder.CreateIndex(
                name: "ix_mention_tags_tag_posted_at",
                schema: "monitoring",
                table: "mention_tags",
                columns: new[] { "tag", "posted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_source_rejections_at",
                schema: "monitoring",
                table: "source_rejections",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_source_rejections_source_id",
                schema: "monitoring",
                table: "source_rejections",
                columns: new[] { "source", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_volume_alerts_series_started_at",
                schema: "monitoring",
                table: "volume_alerts",
                columns: new[] { "series", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mention_tags",
                schema: "monitoring");

            migrationBuilder.DropTable(
                name: "source_accounts",
                schema: "monitoring");

            migrationBuilder.DropTable(
                name: "source_rejections",
                schema: "monitoring");

            migrationBuilder.DropTable(
                name: "source_states",
                schema: "monitoring");

            migrationBuilder.DropTable(
                name: "volume_alerts",
                schema: "monitoring");

            migrationBuilder.DropIndex(
                name: "ix_mentions_posted_at",
                schema: "monitoring",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "author_followers",
                schema: "monitoring",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "author_id",
                schema: "monitoring",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "conversation_id",
                schema: "monitoring",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "in_reply_to_native_id",
                schema: "monitoring",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "is_repost",
                schema: "monitoring",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "kind",
                schema: "monitoring",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "language",
                schema: "monitoring",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "source",
                schema: "monitoring",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "url",
                schema: "monitoring",
                table: "mentions");
        }
    }
}
