using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.OnCall.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Escalations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "delivered_at",
                table: "pages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "escalation_id",
                table: "pages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "level",
                table: "pages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "person_id",
                table: "pages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "pages",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "step",
                table: "pages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "acknowledgements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    escalation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    page_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    via = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    effective = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_acknowledgements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "calendar_feeds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    scope = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    scope_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_feeds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    page_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    escalation_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    notice_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_method_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    target = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    delivered_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "escalation_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    escalation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalation_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "escalation_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    levels = table.Column<string>(type: "TEXT", nullable: false),
                    repeat_times = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalation_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "escalations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    subject_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    subject_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    active_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    policy_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    policy_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    levels = table.Column<string>(type: "TEXT", nullable: false),
                    repeat_times = table.Column<int>(type: "INTEGER", nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    cycle = table.Column<int>(type: "INTEGER", nullable: false),
                    step = table.Column<int>(type: "INTEGER", nullable: false),
                    waiting_on = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    next_step_at = table.Column<long>(type: "INTEGER", nullable: true),
                    trigger_count = table.Column<int>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_triggered_at = table.Column<long>(type: "INTEGER", nullable: false),
                    acknowledged_at = table.Column<long>(type: "INTEGER", nullable: true),
                    acknowledged_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    acknowledged_via = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "handover_notices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    rota_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    layer_position = table.Column<int>(type: "INTEGER", nullable: false),
                    handover_at = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_handover_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbound_events",
                columns: table => new
                {
                    source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_events", x => new { x.source, x.event_id });
                });

            migrationBuilder.CreateTable(
                name: "incident_views",
                columns: table => new
                {
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    hashtag = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    next_update_due = table.Column<long>(type: "INTEGER", nullable: true),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incident_views", x => x.incident_id);
                });

            migrationBuilder.CreateTable(
                name: "integrations",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    secrets = table.Column<byte[]>(type: "BLOB", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_integrations", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "open_item_views",
                columns: table => new
                {
                    item_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    incident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    priority = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    assigned_to = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_open_item_views", x => x.item_id);
                });

            migrationBuilder.CreateTable(
                name: "paging_groups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    members = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paging_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rota_overrides",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    rota_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    layer_position = table.Column<int>(type: "INTEGER", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ends_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    swap_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rota_overrides", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rotas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rotas", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trigger_routes",
                columns: table => new
                {
                    trigger = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    policy_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trigger_routes", x => x.trigger);
                });

            migrationBuilder.CreateTable(
                name: "contact_methods",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    secrets = table.Column<byte[]>(type: "BLOB", nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    secrets_rotated_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_methods", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_methods_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rota_layers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    rota_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    rotation_days = table.Column<int>(type: "INTEGER", nullable: false),
                    start_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    handover_time = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    members = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rota_layers", x => x.id);
                    table.ForeignKey(
                        name: "fk_rota_layers_rotas_rota_id",
                        column: x => x.rota_id,
                        principalTable: "rotas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pages_escalation_id",
                table: "pages",
                column: "escalation_id");

            migrationBuilder.CreateIndex(
                name: "ix_acknowledgements_at",
                table: "acknowledgements",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_acknowledgements_escalation_id",
                table: "acknowledgements",
                column: "escalation_id");

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_token_hash",
                table: "calendar_feeds",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contact_methods_person_id",
                table: "contact_methods",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_escalation_id",
                table: "deliveries",
                column: "escalation_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_page_id",
                table: "deliveries",
                column: "page_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_status_created_at",
                table: "deliveries",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_escalation_events_escalation_id_id",
                table: "escalation_events",
                columns: new[] { "escalation_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_escalations_active_key",
                table: "escalations",
                column: "active_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_escalations_status_started_at",
                table: "escalations",
                columns: new[] { "status", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_escalations_subject_key",
                table: "escalations",
                column: "subject_key");

            migrationBuilder.CreateIndex(
                name: "ix_handover_notices_rota_id_layer_position_handover_at_kind",
                table: "handover_notices",
                columns: new[] { "rota_id", "layer_position", "handover_at", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inbound_events_received_at",
                table: "inbound_events",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_people_user_id",
                table: "people",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_rota_layers_rota_id",
                table: "rota_layers",
                column: "rota_id");

            migrationBuilder.CreateIndex(
                name: "ix_rota_overrides_rota_id_ends_at",
                table: "rota_overrides",
                columns: new[] { "rota_id", "ends_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "acknowledgements");

            migrationBuilder.DropTable(
                name: "calendar_feeds");

            migrationBuilder.DropTable(
                name: "contact_methods");

            migrationBuilder.DropTable(
                name: "deliveries");

            migrationBuilder.DropTable(
                name: "escalation_events");

            migrationBuilder.DropTable(
                name: "escalation_policies");

            migrationBuilder.DropTable(
                name: "escalations");

            migrationBuilder.DropTable(
                name: "handover_notices");

            migrationBuilder.DropTable(
                name: "inbound_events");

            migrationBuilder.DropTable(
                name: "incident_views");

            migrationBuilder.DropTable(
                name: "integrations");

            migrationBuilder.DropTable(
                name: "open_item_views");

            migrationBuilder.DropTable(
                name: "paging_groups");

            migrationBuilder.DropTable(
                name: "rota_layers");

            migrationBuilder.DropTable(
                name: "rota_overrides");

            migrationBuilder.DropTable(
                name: "trigger_routes");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "rotas");

            migrationBuilder.DropIndex(
                name: "ix_pages_escalation_id",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "delivered_at",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "escalation_id",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "level",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "person_id",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "status",
                table: "pages");

            migrationBuilder.DropColumn(
                name: "step",
                table: "pages");
        }
    }
}
