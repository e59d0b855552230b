using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <inheritdoc />
    public partial class MergeStatementsAndLetters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing to apply: the migrations of two branches (StatementsAndRemoteSpeaking, and Missions,
            // LetterTemplatesAndRuns, CallsForContributions) were written beside each other. This one only carries the
            // model as both left it, so that the snapshot and the newest migration describe the whole schema.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo (see Up).
        }
    }
}
