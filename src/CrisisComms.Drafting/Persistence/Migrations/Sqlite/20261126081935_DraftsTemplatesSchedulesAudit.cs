using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Drafting.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DraftsTemplatesSchedulesAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "draft_id",
                table: "posts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "headline",
                table: "posts",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "posts",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "areas",
                table: "incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "next_update_due",
                table: "incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "opened_by",
                table: "incidents",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "short_name",
                table: "incidents",
                type: "TEXT",
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "stood_down_at",
                table: "incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "incidents",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    actor_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    entity = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    details = table.Column<string>(type: "TEXT", nullable: true),
                    previous_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "drafts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    follows_post_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    headline = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    channels = table.Column<string>(type: "TEXT", nullable: false),
                    template_key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    template_version = table.Column<int>(type: "INTEGER", nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    decided_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    rejection_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    break_glass = table.Column<bool>(type: "INTEGER", nullable: false),
                    break_glass_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    post_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_drafts", x => x.id);
                    table.ForeignKey(
                        name: "fk_drafts_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "hashtag_register",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tag = table.Column<string>(type: "TEXT", maxLength: 140, nullable: false),
                    normalized = table.Column<string>(type: "TEXT", maxLength: 140, nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    issued_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    issued_at = table.Column<long>(type: "INTEGER", nullable: false),
                    retired_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hashtag_register", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotent_requests",
                columns: table => new
                {
                    scope = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: false),
                    location = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    response_body = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotent_requests", x => new { x.scope, x.key });
                });

            migrationBuilder.CreateTable(
                name: "organisation_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    hashtag_prefix = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    cap_sender = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    public_base_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    approval_mode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    approval_stall_limit = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    break_glass_roles = table.Column<string>(type: "TEXT", nullable: false),
                    personal_data_action = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    banned_words_action = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    links_action = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    banned_words = table.Column<string>(type: "TEXT", nullable: false),
                    allowed_link_domains = table.Column<string>(type: "TEXT", nullable: false),
                    published_phone_numbers = table.Column<string>(type: "TEXT", nullable: false),
                    hashtag_in_use_threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    crisis_switch_on = table.Column<bool>(type: "INTEGER", nullable: false),
                    crisis_switch_reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    crisis_switch_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    crisis_switch_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organisation_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "schedules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    due_at = table.Column<long>(type: "INTEGER", nullable: false),
                    draft_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "templates",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    headline = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    default_channels = table.Column<string>(type: "TEXT", nullable: false),
                    edited_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    edited_at = table.Column<long>(type: "INTEGER", nullable: false),
                    is_current = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_templates", x => new { x.key, x.version });
                });

            migrationBuilder.CreateTable(
                name: "draft_versions",
                columns: table => new
                {
                    draft_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    headline = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    channels = table.Column<string>(type: "TEXT", nullable: false),
                    edited_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    edited_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    edited_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_draft_versions", x => new { x.draft_id, x.version });
                    table.ForeignKey(
                        name: "fk_draft_versions_drafts_draft_id",
                        column: x => x.draft_id,
                        principalTable: "drafts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_incident_id_sequence",
                table: "audit_log",
                columns: new[] { "incident_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_drafts_incident_id_created_at",
                table: "drafts",
                columns: new[] { "incident_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_drafts_status_submitted_at",
                table: "drafts",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_hashtag_register_incident_id",
                table: "hashtag_register",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ux_hashtag_register_live",
                table: "hashtag_register",
                column: "normalized",
                unique: true,
                filter: "retired_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_idempotent_requests_created_at",
                table: "idempotent_requests",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_incident_id",
                table: "schedules",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_status_due_at",
                table: "schedules",
                columns: new[] { "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ux_templates_current",
                table: "templates",
                column: "key",
                unique: true,
                filter: "is_current");

            // The audit log is append-only: the database itself refuses to change or remove a line.
            migrationBuilder.Sql("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "draft_versions");

            migrationBuilder.DropTable(
                name: "hashtag_register");

            migrationBuilder.DropTable(
                name: "idempotent_requests");

            migrationBuilder.DropTable(
                name: "organisation_settings");

            migrationBuilder.DropTable(
                name: "schedules");

            migrationBuilder.DropTable(
                name: "templates");

            migrationBuilder.DropTable(
                name: "drafts");

            migrationBuilder.DropColumn(
                name: "draft_id",
                table: "posts");

            migrationBuilder.DropColumn(
                name: "headline",
                table: "posts");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "posts");

            migrationBuilder.DropColumn(
                name: "areas",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "next_update_due",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "opened_by",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "short_name",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "stood_down_at",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "incidents");
        }
    }
}
