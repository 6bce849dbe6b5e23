using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Triage.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueSweepIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_items_claim_expires_at",
                table: "items",
                column: "claim_expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_items_updated_at",
                table: "items",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_items_claim_expires_at",
                table: "items");

            migrationBuilder.DropIndex(
                name: "ix_items_updated_at",
                table: "items");
        }
    }
}
