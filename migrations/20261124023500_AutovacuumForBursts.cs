using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <summary>
    /// The tables that grow in a registration rush are analysed and vacuumed after a few percent of new or changed rows
    /// instead of PostgreSQL's default 10–20 %: the planner then knows the new distribution of statuses and countries
    /// minutes, not hours, after a burst, and the visibility map stays current for index-only checks. See
    /// docs/performance.md.
    /// </summary>
    public partial class AutovacuumForBursts : Migration
    {
        private static readonly string[] Tables = ["delegates", "delegate_history", "note_verbale_matches"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql(
                    $"""
                    ALTER TABLE {table} SET (
                        autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 500,
                        autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_threshold = 500,
                        autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_vacuum_insert_threshold = 1000);
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql(
                    $"""
                    ALTER TABLE {table} RESET (
                        autovacuum_analyze_scale_factor, autovacuum_analyze_threshold,
                        autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
                        autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold);
                    """);
            }
        }
    }
}
