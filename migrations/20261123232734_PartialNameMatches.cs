using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <inheritdoc />
    public partial class PartialNameMatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "partial",
                table: "note_verbale_matches",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "partial",
                table: "note_verbale_matches");
        }
    }
}
