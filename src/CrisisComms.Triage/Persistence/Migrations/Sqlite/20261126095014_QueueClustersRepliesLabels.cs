using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Triage.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueClustersRepliesLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "acknowledged_at",
                table: "items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "acknowledged_by",
                table: "items",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "acknowledged_via",
                table: "items",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                table: "items",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "band0",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "band1",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "band2",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "band3",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "claim_expires_at",
                table: "items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claimed_by",
                table: "items",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "cluster_size",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "clusterable",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "fingerprint",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "last_seen_at",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "life_safety",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "recent_count",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "reply_detail",
                table: "items",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reply_status",
                table: "items",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "resolved_by",
                table: "items",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "rumour",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<float>(
                name: "score",
                table: "items",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "snoozed_until",
                table: "items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "updated_at",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "labels",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    needs_response = table.Column<bool>(type: "INTEGER", nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_labels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mentions",
                columns: table => new
                {
                    mention_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    native_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    author = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    author_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    posted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    author_followers = table.Column<long>(type: "INTEGER", nullable: true),
                    is_repost = table.Column<bool>(type: "INTEGER", nullable: false),
                    in_reply_to_native_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    conversation_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    reply_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentions", x => x.mention_id);
                });

            migrationBuilder.CreateTable(
                name: "replies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    mention_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    template_key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    requested_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replies", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_items_incident_id_band0",
                table: "items",
                columns: new[] { "incident_id", "band0" });

            migrationBuilder.CreateIndex(
                name: "ix_items_incident_id_band1",
                table: "items",
                columns: new[] { "incident_id", "band1" });

            migrationBuilder.CreateIndex(
                name: "ix_items_incident_id_band2",
                table: "items",
                columns: new[] { "incident_id", "band2" });

            migrationBuilder.CreateIndex(
                name: "ix_items_incident_id_band3",
                table: "items",
                columns: new[] { "incident_id", "band3" });

            migrationBuilder.CreateIndex(
                name: "ix_items_last_seen_at",
                table: "items",
                column: "last_seen_at");

            migrationBuilder.CreateIndex(
                name: "ix_labels_decided_at",
                table: "labels",
                column: "decided_at");

            migrationBuilder.CreateIndex(
                name: "ix_labels_item_id",
                table: "labels",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentions_item_id_received_at",
                table: "mentions",
                columns: new[] { "item_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_replies_item_id",
                table: "replies",
                column: "item_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "labels");

            migrationBuilder.DropTable(
                name: "mentions");

            migrationBuilder.DropTable(
                name: "replies");

            migrationBuilder.DropIndex(
                name: "ix_items_incident_id_band0",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_incident_id_band1",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_incident_id_band2",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_incident_id_band3",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_last_seen_at",
                table: "items");

            migrationBuilder.DropColumn(
                name: "acknowledged_at",
                table: "items");

            migrationBuilder.DropColumn(
                name: "acknowledged_by",
                table: "items");

            migrationBuilder.DropColumn(
                name: "acknowledged_via",
                table: "items");

            migrationBuilder.DropColumn(
                name: "assigned_to",
                table: "items");

            migrationBuilder.DropColumn(
                name: "band0",
                table: "items");

            migrationBuilder.DropColumn(
                name: "band1",
                table: "items");

            migrationBuilder.DropColumn(
                name: "band2",
                table: "items");

            migrationBuilder.DropColumn(
                name: "band3",
                table: "items");

            migrationBuilder.DropColumn(
                name: "claim_expires_at",
                table: "items");

            migrationBuilder.DropColumn(
                name: "claimed_by",
                table: "items");

            migrationBuilder.DropColumn(
                name: "cluster_size",
                table: "items");

            migrationBuilder.DropColumn(
                name: "clusterable",
                table: "items");

            migrationBuilder.DropColumn(
                name: "fingerprint",
                table: "items");

            migrationBuilder.DropColumn(
                name: "last_seen_at",
                table: "items");

            migrationBuilder.DropColumn(
                name: "life_safety",
                table: "items");

            migrationBuilder.DropColumn(
                name: "recent_count",
                table: "items");

            migrationBuilder.DropColumn(
                name: "reply_detail",
                table: "items");

            migrationBuilder.DropColumn(
                name: "reply_status",
                table: "items");

            migrationBuilder.DropColumn(
                name: "resolved_by",
                table: "items");

            migrationBuilder.DropColumn(
                name: "rumour",
                table: "items");

            migrationBuilder.DropColumn(
                name: "score",
                table: "items");

            migrationBuilder.DropColumn(
                name: "snoozed_until",
                table: "items");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "items");

            migrationBuilder.DropColumn(
                name: "version",
                table: "items");
        }
    }
}
