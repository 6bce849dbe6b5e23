using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Drafting.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RoutineSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "routine",
                table: "schedules",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "routine",
                table: "schedules");
        }
    }
}
