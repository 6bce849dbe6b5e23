using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Triage.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QueueClustersRepliesLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "acknowledged_at",
                schema: "triage",
                table: "items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "acknowledged_by",
                schema: "triage",
                table: "items",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "acknowledged_via",
                schema: "triage",
                table: "items",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                schema: "triage",
                table: "items",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "band0",
                schema: "triage",
                table: "items",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "band1",
                schema: "triage",
                table: "items",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "band2",
                schema: "triage",
                table: "items",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "band3",
                schema: "triage",
                table: "items",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "claim_expires_at",
                schema: "triage",
                table: "items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claimed_by",
                schema: "triage",
                table: "items",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "cluster_size",
                schema: "triage",
                table: "items",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "clusterable",
                schema: "triage",
                table: "items",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "fingerprint",
                schema: "triage",
                table: "items",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_seen_at",
                schema: "triage",
                table: "items",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<bool>(
                name: "life_safety",
                schema: "triage",
                table: "items",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "recent_count",
                schema: "triage",
                table: "items",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "reply_detail",
                schema: "triage",
                table: "items",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reply_status",
                schema: "triage",
                table: "items",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "resolved_by",
                schema: "triage",
                table: "items",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "rumour",
                schema: "triage",
                table: "items",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<float>(
                name: "score",
                schema: "triage",
                table: "items",
                type: "real",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "snoozed_until",
                schema: "triage",
                table: "items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                schema: "triage",
                table: "items",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "version",
                schema: "triage",
                table: "items",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "labels",
                schema: "triage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    needs_response = table.Column<bool>(type: "boolean", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    verdict = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_labels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mentions",
                schema: "triage",
                columns: table => new
                {
                    mention_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    native_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    author_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    posted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    source = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    author_followers = table.Column<long>(type: "bigint", nullable: true),
                    is_repost = table.Column<bool>(type: "boolean", nullable: false),
                    in_reply_to_native_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    conversation_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    verdict = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    reply_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentions", x => x.mention_id);
                });

            migrationBuilder.CreateTable(
                name: "replies",
                schema: "triage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mention_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    template_key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replies", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_items_incident_id_band0",
                schema: "triage",
                table: "items",
                columns: new[] { "incident_id", "band0" });

            migrationBuilder.CreateIndex(
                name: "ix_items_incident_id_band1",
                schema: "triage",
                table: "items",
                columns: new[] { "incident_id", "band1" });

            migrationBuilder.CreateIndex(
                name: "ix_items_incident_id_band2",
                schema: "triage",
                table: "items",
                columns: new[] { "incident_id", "band2" });

            migrationBuilder.CreateIndex(
                name: "ix_items_incident_id_band3",
                schema: "triage",
                table: "items",
                columns: new[] { "incident_id", "band3" });

            migrationBuilder.CreateIndex(
                name: "ix_items_last_seen_at",
                schema: "triage",
                table: "items",
                column: "last_seen_at");

            migrationBuilder.CreateIndex(
                name: "ix_labels_decided_at",
                schema: "triage",
                table: "labels",
                column: "decided_at");

            migrationBuilder.CreateIndex(
                name: "ix_labels_item_id",
                schema: "triage",
                table: "labels",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentions_item_id_received_at",
                schema: "triage",
                table: "mentions",
                columns: new[] { "item_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_replies_item_id",
                schema: "triage",
                table: "replies",
                column: "item_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "labels",
                schema: "triage");

            migrationBuilder.DropTable(
                name: "mentions",
                schema: "triage");

            migrationBuilder.DropTable(
                name: "replies",
                schema: "triage");

            migrationBuilder.DropIndex(
                name: "ix_items_incident_id_band0",
                schema: "triage",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_incident_id_band1",
                schema: "triage",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_incident_id_band2",
                schema: "triage",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_incident_id_band3",
                schema: "triage",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_last_seen_at",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "acknowledged_at",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "acknowledged_by",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "acknowledged_via",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "assigned_to",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "band0",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "band1",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "band2",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "band3",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "claim_expires_at",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "claimed_by",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "cluster_size",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "clusterable",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "fingerprint",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "last_seen_at",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "life_safety",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "recent_count",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "reply_detail",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "reply_status",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "resolved_by",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "rumour",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "score",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "snoozed_until",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "updated_at",
                schema: "triage",
                table: "items");

            migrationBuilder.DropColumn(
                name: "version",
                schema: "triage",
                table: "items");
        }
    }
}
