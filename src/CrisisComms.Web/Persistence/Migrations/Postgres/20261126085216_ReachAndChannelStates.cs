using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReachAndChannelStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "channel_states",
                schema: "web",
                columns: table => new
                {
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    paused = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_states", x => x.channel);
                });

            migrationBuilder.CreateTable(
                name: "post_reach",
                schema: "web",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    impressions = table.Column<long>(type: "bigint", nullable: false),
                    engagements = table.Column<long>(type: "bigint", nullable: false),
                    shares = table.Column<long>(type: "bigint", nullable: false),
                    replies = table.Column<long>(type: "bigint", nullable: false),
                    measured_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_post_reach", x => new { x.post_id, x.channel });
                });

            migrationBuilder.CreateIndex(
                name: "ix_post_reach_incident_id",
                schema: "web",
                table: "post_reach",
                column: "incident_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_states",
                schema: "web");

            migrationBuilder.DropTable(
                name: "post_reach",
                schema: "web");
        }
    }
}
