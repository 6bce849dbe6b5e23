using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrisisComms.OnCall.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Escalations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "delivered_at",
                schema: "oncall",
                table: "pages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "escalation_id",
                schema: "oncall",
                table: "pages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "level",
                schema: "oncall",
                table: "pages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "person_id",
                schema: "oncall",
                table: "pages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                schema: "oncall",
                table: "pages",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "step",
                schema: "oncall",
                table: "pages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "acknowledgements",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    escalation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    page_id = table.Column<Guid>(type: "uuid", nullable: true),
                    by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    via = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    effective = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_acknowledgements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "calendar_feeds",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    scope = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    scope_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_feeds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "deliveries",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    purpose = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    page_id = table.Column<Guid>(type: "uuid", nullable: true),
                    escalation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    notice_id = table.Column<Guid>(type: "uuid", nullable: true),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contact_method_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    target = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "escalation_events",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    escalation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalation_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "escalation_policies",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    levels = table.Column<string>(type: "text", nullable: false),
                    repeat_times = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalation_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "escalations",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    subject_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    active_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    policy_id = table.Column<Guid>(type: "uuid", nullable: true),
                    policy_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    levels = table.Column<string>(type: "text", nullable: false),
                    repeat_times = table.Column<int>(type: "integer", nullable: false),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    cycle = table.Column<int>(type: "integer", nullable: false),
                    step = table.Column<int>(type: "integer", nullable: false),
                    waiting_on = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    next_step_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    trigger_count = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_triggered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    acknowledged_via = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "handover_notices",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rota_id = table.Column<Guid>(type: "uuid", nullable: false),
                    layer_position = table.Column<int>(type: "integer", nullable: false),
                    handover_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_handover_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbound_events",
                schema: "oncall",
                columns: table => new
                {
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_events", x => new { x.source, x.event_id });
                });

            migrationBuilder.CreateTable(
                name: "incident_views",
                schema: "oncall",
                columns: table => new
                {
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    hashtag = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    severity = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    next_update_due = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incident_views", x => x.incident_id);
                });

            migrationBuilder.CreateTable(
                name: "integrations",
                schema: "oncall",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    secrets = table.Column<byte[]>(type: "bytea", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_integrations", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "open_item_views",
                schema: "oncall",
                columns: table => new
                {
                    item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    priority = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    assigned_to = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_open_item_views", x => x.item_id);
                });

            migrationBuilder.CreateTable(
                name: "paging_groups",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    members = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paging_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "people",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    user_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rota_overrides",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rota_id = table.Column<Guid>(type: "uuid", nullable: false),
                    layer_position = table.Column<int>(type: "integer", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    swap_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rota_overrides", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rotas",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rotas", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trigger_routes",
                schema: "oncall",
                columns: table => new
                {
                    trigger = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    policy_id = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trigger_routes", x => x.trigger);
                });

            migrationBuilder.CreateTable(
                name: "contact_methods",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    address = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    secrets = table.Column<byte[]>(type: "bytea", nullable: true),
                    position = table.Column<int>(type: "integer", nullable: false),
                    secrets_rotated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_methods", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_methods_people_person_id",
                        column: x => x.person_id,
                        principalSchema: "oncall",
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rota_layers",
                schema: "oncall",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rota_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    rotation_days = table.Column<int>(type: "integer", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    handover_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    members = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rota_layers", x => x.id);
                    table.ForeignKey(
                        name: "fk_rota_layers_rotas_rota_id",
                        column: x => x.rota_id,
                        principalSchema: "oncall",
                        principalTable: "rotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pages_escalation_id",
                schema: "oncall",
                table: "pages",
                column: "escalation_id");

            migrationBuilder.CreateIndex(
                name: "ix_acknowledgements_at",
                schema: "oncall",
                table: "acknowledgements",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_acknowledgements_escalation_id",
                schema: "oncall",
                table: "acknowledgements",
                column: "escalation_id");

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_token_hash",
                schema: "oncall",
                table: "calendar_feeds",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contact_methods_person_id",
                schema: "oncall",
                table: "contact_methods",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_escalation_id",
                schema: "oncall",
                table: "deliveries",
                column: "escalation_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_page_id",
                schema: "oncall",
                table: "deliveries",
                column: "page_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_status_created_at",
                schema: "oncall",
                table: "deliveries",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_escalation_events_escalation_id_id",
                schema: "oncall",
                table: "escalation_events",
                columns: new[] { "escalation_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_escalations_active_key",
                schema: "oncall",
                table: "escalations",
                column: "active_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_escalations_status_started_at",
                schema: "oncall",
                table: "escalations",
                columns: new[] { "status", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_escalations_subject_key",
                schema: "oncall",
                table: "escalations",
                column: "subject_key");

            migrationBuilder.CreateIndex(
                name: "ix_handover_notices_rota_id_layer_position_handover_at_kind",
                schema: "oncall",
                table: "handover_notices",
                columns: new[] { "rota_id", "layer_position", "handover_at", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inbound_events_received_at",
                schema: "oncall",
                table: "inbound_events",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_people_user_id",
                schema: "oncall",
                table: "people",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_rota_layers_rota_id",
                schema: "oncall",
                table: "rota_layers",
                column: "rota_id");

            migrationBuilder.CreateIndex(
                name: "ix_rota_overrides_rota_id_ends_at",
                schema: "oncall",
                table: "rota_overrides",
                columns: new[] { "rota_id", "ends_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "acknowledgements",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "calendar_feeds",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "contact_methods",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "deliveries",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "escalation_events",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "escalation_policies",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "escalations",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "handover_notices",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "inbound_events",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "incident_views",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "integrations",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "open_item_views",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "paging_groups",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "rota_layers",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "rota_overrides",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "trigger_routes",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "people",
                schema: "oncall");

            migrationBuilder.DropTable(
                name: "rotas",
                schema: "oncall");

            migrationBuilder.DropIndex(
                name: "ix_pages_escalation_id",
                schema: "oncall",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "delivered_at",
                schema: "oncall",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "escalation_id",
                schema: "oncall",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "level",
                schema: "oncall",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "person_id",
                schema: "oncall",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "status",
                schema: "oncall",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "step",
                schema: "oncall",
                table: "pages");
        }
    }
}
