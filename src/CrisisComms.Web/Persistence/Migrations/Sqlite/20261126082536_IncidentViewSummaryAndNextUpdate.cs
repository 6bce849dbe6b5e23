using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IncidentViewSummaryAndNextUpdate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "next_update_due",
                table: "incident_views",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "incident_views",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "updated_at",
                table: "incident_views",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "next_update_due",
                table: "incident_views");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "incident_views");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "incident_views");
        }
    }
}
