using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Publishing.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Withdrawals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "withdrawn_at",
                table: "sandbox_posts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "withdrawn_at",
                table: "public_entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_by",
                table: "ledger",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "sandbox_posts");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "public_entries");

            migrationBuilder.DropColumn(
                name: "withdrawn_by",
                table: "ledger");
        }
    }
}
