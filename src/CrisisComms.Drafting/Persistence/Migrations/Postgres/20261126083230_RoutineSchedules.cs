using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Drafting.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RoutineSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "routine",
                schema: "drafting",
                table: "schedules",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "routine",
                schema: "drafting",
                table: "schedules");
        }
    }
}
