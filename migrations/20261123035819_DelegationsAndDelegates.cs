using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <inheritdoc />
    public partial class DelegationsAndDelegates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "delegations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    country = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    current_note_verbale_id = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delegations", x => x.id);
                    table.ForeignKey(
                        name: "fk_delegations_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "delegates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    delegation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    country = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    title = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    job_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    normalized_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    search_text = table.Column<string>(type: "character varying(462)", maxLength: 462, nullable: false),
                    participation_mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    meetings = table.Column<List<string>>(type: "text[]", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    note_verbale_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    note_verbale_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delegates", x => x.id);
                    table.ForeignKey(
                        name: "fk_delegates_delegations_delegation_id",
                        column: x => x.delegation_id,
                        principalTable: "delegations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_delegates_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_delegates_delegation_id_id",
                table: "delegates",
                columns: new[] { "delegation_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_delegates_event_id_country_id",
                table: "delegates",
                columns: new[] { "event_id", "country", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_delegates_event_id_id",
                table: "delegates",
                columns: new[] { "event_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_delegates_event_id_normalized_email_active",
                table: "delegates",
                columns: new[] { "event_id", "normalized_email" },
                unique: true,
                filter: "status IN ('Pending', 'Approved')");

            migrationBuilder.CreateIndex(
                name: "ix_delegates_event_id_participation_mode_id",
                table: "delegates",
                columns: new[] { "event_id", "participation_mode", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_delegates_event_id_status_id",
                table: "delegates",
                columns: new[] { "event_id", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_delegates_search_text",
                table: "delegates",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_delegations_event_id_country",
                table: "delegations",
                columns: new[] { "event_id", "country" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delegates");

            migrationBuilder.DropTable(
                name: "delegations");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
