using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <inheritdoc />
    public partial class MergeStatementsLettersAndOcr : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing to apply: the migrations of three branches (StatementsAndRemoteSpeaking; Missions,
            // LetterTemplatesAndRuns and CallsForContributions; ScannedNotesOcr) were written beside each other. This one
            // carries the model as they left it together, so that the newest migration describes the whole schema.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo (see Up).
        }
    }
}
