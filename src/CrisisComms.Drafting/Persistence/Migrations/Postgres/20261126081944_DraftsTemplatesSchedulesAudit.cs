using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrisisComms.Drafting.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DraftsTemplatesSchedulesAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "text",
                schema: "drafting",
                table: "posts",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10000)",
                oldMaxLength: 10000);

            migrationBuilder.AddColumn<Guid>(
                name: "draft_id",
                schema: "drafting",
                table: "posts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "headline",
                schema: "drafting",
                table: "posts",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "kind",
                schema: "drafting",
                table: "posts",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<List<string>>(
                name: "areas",
                schema: "drafting",
                table: "incidents",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_update_due",
                schema: "drafting",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "opened_by",
                schema: "drafting",
                table: "incidents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "short_name",
                schema: "drafting",
                table: "incidents",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "stood_down_at",
                schema: "drafting",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                schema: "drafting",
                table: "incidents",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "drafting",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    actor_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    entity = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    details = table.Column<string>(type: "text", nullable: true),
                    previous_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "drafts",
                schema: "drafting",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    follows_post_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    headline = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    channels = table.Column<List<string>>(type: "text[]", nullable: false),
                    template_key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    template_version = table.Column<int>(type: "integer", nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    break_glass = table.Column<bool>(type: "boolean", nullable: false),
                    break_glass_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    post_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_drafts", x => x.id);
                    table.ForeignKey(
                        name: "fk_drafts_incidents_incident_id",
                        column: x => x.incident_id,
                        principalSchema: "drafting",
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "hashtag_register",
                schema: "drafting",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tag = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    normalized = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issued_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hashtag_register", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotent_requests",
                schema: "drafting",
                columns: table => new
                {
                    scope = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    location = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotent_requests", x => new { x.scope, x.key });
                });

            migrationBuilder.CreateTable(
                name: "organisation_settings",
                schema: "drafting",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    hashtag_prefix = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    cap_sender = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    public_base_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    approval_mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    approval_stall_limit = table.Column<TimeSpan>(type: "interval", nullable: false),
                    break_glass_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    personal_data_action = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    banned_words_action = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    links_action = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    banned_words = table.Column<List<string>>(type: "text[]", nullable: false),
                    allowed_link_domains = table.Column<List<string>>(type: "text[]", nullable: false),
                    published_phone_numbers = table.Column<List<string>>(type: "text[]", nullable: false),
                    hashtag_in_use_threshold = table.Column<int>(type: "integer", nullable: false),
                    crisis_switch_on = table.Column<bool>(type: "boolean", nullable: false),
                    crisis_switch_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    crisis_switch_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    crisis_switch_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organisation_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "schedules",
                schema: "drafting",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    draft_id = table.Column<Guid>(type: "uuid", nullable: true),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "templates",
                schema: "drafting",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    headline = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    default_channels = table.Column<List<string>>(type: "text[]", nullable: false),
                    edited_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    edited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_current = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_templates", x => new { x.key, x.version });
                });

            migrationBuilder.CreateTable(
                name: "draft_versions",
                schema: "drafting",
                columns: table => new
                {
                    draft_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    headline = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    channels = table.Column<List<string>>(type: "text[]", nullable: false),
                    edited_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    edited_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    edited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_draft_versions", x => new { x.draft_id, x.version });
                    table.ForeignKey(
                        name: "fk_draft_versions_drafts_draft_id",
                        column: x => x.draft_id,
                        principalSchema: "drafting",
                        principalTable: "drafts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_incident_id_sequence",
                schema: "drafting",
                table: "audit_log",
                columns: new[] { "incident_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_drafts_incident_id_created_at",
                schema: "drafting",
                table: "drafts",
                columns: new[] { "incident_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_drafts_status_submitted_at",
                schema: "drafting",
                table: "drafts",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_hashtag_register_incident_id",
                schema: "drafting",
                table: "hashtag_register",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ux_hashtag_register_live",
                schema: "drafting",
                table: "hashtag_register",
                column: "normalized",
                unique: true,
                filter: "retired_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_idempotent_requests_created_at",
                schema: "drafting",
                table: "idempotent_requests",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_incident_id",
                schema: "drafting",
                table: "schedules",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_schedules_status_due_at",
                schema: "drafting",
                table: "schedules",
                columns: new[] { "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ux_templates_current",
                schema: "drafting",
                table: "templates",
                column: "key",
                unique: true,
                filter: "is_current");

            // The audit log is append-only: the database itself refuses to change or remove a line.
            migrationBuilder.Sql("""
                CREATE FUNCTION drafting.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
                END $$;
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON drafting.audit_log
                  FOR EACH STATEMENT EXECUTE FUNCTION drafting.audit_log_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_log_append_only ON drafting.audit_log; DROP FUNCTION IF EXISTS drafting.audit_log_append_only();");

            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "drafting");

            migrationBuilder.DropTable(
                name: "draft_versions",
                schema: "drafting");

            migrationBuilder.DropTable(
                name: "hashtag_register",
                schema: "drafting");

            migrationBuilder.DropTable(
                name: "idempotent_requests",
                schema: "drafting");

            migrationBuilder.DropTable(
                name: "organisation_settings",
                schema: "drafting");

            migrationBuilder.DropTable(
                name: "schedules",
                schema: "drafting");

            migrationBuilder.DropTable(
                name: "templates",
                schema: "drafting");

            migrationBuilder.DropTable(
                name: "drafts",
                schema: "drafting");

            migrationBuilder.DropColumn(
                name: "draft_id",
                schema: "drafting",
                table: "posts");

            migrationBuilder.DropColumn(
                name: "headline",
                schema: "drafting",
                table: "posts");

            migrationBuilder.DropColumn(
                name: "kind",
                schema: "drafting",
                table: "posts");

            migrationBuilder.DropColumn(
                name: "areas",
                schema: "drafting",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "next_update_due",
                schema: "drafting",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "opened_by",
                schema: "drafting",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "short_name",
                schema: "drafting",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "stood_down_at",
                schema: "drafting",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "summary",
                schema: "drafting",
                table: "incidents");

            migrationBuilder.AlterColumn<string>(
                name: "text",
                schema: "drafting",
                table: "posts",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20000)",
                oldMaxLength: 20000);
        }
    }
}
