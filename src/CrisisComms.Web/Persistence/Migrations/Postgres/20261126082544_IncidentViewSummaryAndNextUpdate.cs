using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IncidentViewSummaryAndNextUpdate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_update_due",
                schema: "web",
                table: "incident_views",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                schema: "web",
                table: "incident_views",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                schema: "web",
                table: "incident_views",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "next_update_due",
                schema: "web",
                table: "incident_views");

            migrationBuilder.DropColumn(
                name: "summary",
                schema: "web",
                table: "incident_views");

            migrationBuilder.DropColumn(
                name: "updated_at",
                schema: "web",
                table: "incident_views");
        }
    }
}
