using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConsoleDashboardAndPartners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "post_id",
                schema: "web",
                table: "timeline",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "escalations",
                schema: "web",
                columns: table => new
                {
                    escalation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    waiting_on = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    next_step_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalations", x => x.escalation_id);
                });

            migrationBuilder.CreateTable(
                name: "mention_volume",
                schema: "web",
                columns: table => new
                {
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    minute = table.Column<long>(type: "bigint", nullable: false),
                    mentions = table.Column<long>(type: "bigint", nullable: false),
                    spike = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mention_volume", x => new { x.incident_id, x.minute });
                });

            migrationBuilder.CreateTable(
                name: "page_failures",
                schema: "web",
                columns: table => new
                {
                    page_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    target = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_page_failures", x => x.page_id);
                });

            migrationBuilder.CreateTable(
                name: "partner_access",
                schema: "web",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    invite_id = table.Column<Guid>(type: "uuid", nullable: true),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_access", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "partner_invites",
                schema: "web",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    secret_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    used_by = table.Column<Guid>(type: "uuid", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_invites", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "post_channels",
                schema: "web",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_post_channels", x => new { x.post_id, x.channel });
                });

            migrationBuilder.CreateTable(
                name: "published_posts",
                schema: "web",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    draft_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    headline = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    channels = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    released_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    approved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    break_glass = table.Column<bool>(type: "boolean", nullable: false),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_published_posts", x => x.post_id);
                });

            migrationBuilder.CreateTable(
                name: "source_health",
                schema: "web",
                columns: table => new
                {
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    last_success_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lag_seconds = table.Column<double>(type: "double precision", nullable: false),
                    items_per_minute = table.Column<double>(type: "double precision", nullable: false),
                    errors_last_hour = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_source_health", x => x.source);
                });

            migrationBuilder.CreateTable(
                name: "triage_items",
                schema: "web",
                columns: table => new
                {
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    judgement = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    priority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    cluster_size = table.Column<int>(type: "integer", nullable: false),
                    reasons = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    assigned_to = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    outcome = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    life_safety = table.Column<bool>(type: "boolean", nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_triage_items", x => x.item_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_escalations_status",
                schema: "web",
                table: "escalations",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_page_failures_failed_at",
                schema: "web",
                table: "page_failures",
                column: "failed_at");

            migrationBuilder.CreateIndex(
                name: "ix_partner_access_incident_id",
                schema: "web",
                table: "partner_access",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_access_user_id_incident_id",
                schema: "web",
                table: "partner_access",
                columns: new[] { "user_id", "incident_id" });

            migrationBuilder.CreateIndex(
                name: "ix_partner_invites_incident_id",
                schema: "web",
                table: "partner_invites",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_invites_secret_hash",
                schema: "web",
                table: "partner_invites",
                column: "secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_post_channels_incident_id",
                schema: "web",
                table: "post_channels",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_published_posts_incident_id_released_at",
                schema: "web",
                table: "published_posts",
                columns: new[] { "incident_id", "released_at" });

            migrationBuilder.CreateIndex(
                name: "ix_triage_items_incident_id_cluster_size",
                schema: "web",
                table: "triage_items",
                columns: new[] { "incident_id", "cluster_size" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "escalations",
                schema: "web");

            migrationBuilder.DropTable(
                name: "mention_volume",
                schema: "web");

            migrationBuilder.DropTable(
                name: "page_failures",
                schema: "web");

            migrationBuilder.DropTable(
                name: "partner_access",
                schema: "web");

            migrationBuilder.DropTable(
                name: "partner_invites",
                schema: "web");

            migrationBuilder.DropTable(
                name: "post_channels",
                schema: "web");

            migrationBuilder.DropTable(
                name: "published_posts",
                schema: "web");

            migrationBuilder.DropTable(
                name: "source_health",
                schema: "web");

            migrationBuilder.DropTable(
                name: "triage_items",
                schema: "web");

            migrationBuilder.DropColumn(
                name: "post_id",
                schema: "web",
                table: "timeline");
        }
    }
}
