using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsoleDashboardAndPartners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "post_id",
                table: "timeline",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "escalations",
                columns: table => new
                {
                    escalation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    subject_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    waiting_on = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    next_step_at = table.Column<long>(type: "INTEGER", nullable: true),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalations", x => x.escalation_id);
                });

            migrationBuilder.CreateTable(
                name: "mention_volume",
                columns: table => new
                {
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    minute = table.Column<long>(type: "INTEGER", nullable: false),
                    mentions = table.Column<long>(type: "INTEGER", nullable: false),
                    spike = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mention_volume", x => new { x.incident_id, x.minute });
                });

            migrationBuilder.CreateTable(
                name: "page_failures",
                columns: table => new
                {
                    page_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    subject_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    target = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    failed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_page_failures", x => x.page_id);
                });

            migrationBuilder.CreateTable(
                name: "partner_access",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    organisation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    invite_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    granted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_access", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "partner_invites",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    organisation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    contact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    secret_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    used_at = table.Column<long>(type: "INTEGER", nullable: true),
                    used_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_invites", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "post_channels",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_post_channels", x => new { x.post_id, x.channel });
                });

            migrationBuilder.CreateTable(
                name: "published_posts",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    draft_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    headline = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    channels = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    released_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    approved_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    break_glass = table.Column<bool>(type: "INTEGER", nullable: false),
                    released_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_published_posts", x => x.post_id);
                });

            migrationBuilder.CreateTable(
                name: "source_health",
                columns: table => new
                {
                    source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    last_success_at = table.Column<long>(type: "INTEGER", nullable: true),
                    lag_seconds = table.Column<double>(type: "REAL", nullable: false),
                    items_per_minute = table.Column<double>(type: "REAL", nullable: false),
                    errors_last_hour = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_source_health", x => x.source);
                });

            migrationBuilder.CreateTable(
                name: "triage_items",
                columns: table => new
                {
                    item_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    judgement = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    priority = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    cluster_size = table.Column<int>(type: "INTEGER", nullable: false),
                    reasons = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    assigned_to = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    life_safety = table.Column<bool>(type: "INTEGER", nullable: false),
                    answered_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_triage_items", x => x.item_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_escalations_status",
                table: "escalations",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_page_failures_failed_at",
                table: "page_failures",
                column: "failed_at");

            migrationBuilder.CreateIndex(
                name: "ix_partner_access_incident_id",
                table: "partner_access",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_access_user_id_incident_id",
                table: "partner_access",
                columns: new[] { "user_id", "incident_id" });

            migrationBuilder.CreateIndex(
                name: "ix_partner_invites_incident_id",
                table: "partner_invites",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_invites_secret_hash",
                table: "partner_invites",
                column: "secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_post_channels_incident_id",
                table: "post_channels",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_published_posts_incident_id_released_at",
                table: "published_posts",
                columns: new[] { "incident_id", "released_at" });

            migrationBuilder.CreateIndex(
                name: "ix_triage_items_incident_id_cluster_size",
                table: "triage_items",
                columns: new[] { "incident_id", "cluster_size" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "escalations");

            migrationBuilder.DropTable(
                name: "mention_volume");

            migrationBuilder.DropTable(
                name: "page_failures");

            migrationBuilder.DropTable(
                name: "partner_access");

            migrationBuilder.DropTable(
                name: "partner_invites");

            migrationBuilder.DropTable(
                name: "post_channels");

            migrationBuilder.DropTable(
                name: "published_posts");

            migrationBuilder.DropTable(
                name: "source_health");

            migrationBuilder.DropTable(
                name: "triage_items");

            migrationBuilder.DropColumn(
                name: "post_id",
                table: "timeline");
        }
    }
}
