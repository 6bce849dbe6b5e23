using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrisisComms.Publishing.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Withdrawals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                schema: "publishing",
                table: "sandbox_posts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                schema: "publishing",
                table: "public_entries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_by",
                schema: "publishing",
                table: "ledger",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                schema: "publishing",
                table: "sandbox_posts");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                schema: "publishing",
                table: "public_entries");

            migrationBuilder.DropColumn(
                name: "withdrawn_by",
                schema: "publishing",
                table: "ledger");
        }
    }
}
