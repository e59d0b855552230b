using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <inheritdoc />
    public partial class NotesVerbalesDecisionsHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "confirmation_comment",
                table: "delegates",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "confirmed_at",
                table: "delegates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "confirmed_by",
                table: "delegates",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "decided_at",
                table: "delegates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "decided_by",
                table: "delegates",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "decision_note_verbale_id",
                table: "delegates",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "decision_note_verbale_sha256",
                table: "delegates",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "decision_reason",
                table: "delegates",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "history_length",
                table: "delegates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "delegate_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    delegate_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_before = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    status_after = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    note_verbale_status_before = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    note_verbale_status_after = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    note_verbale_id = table.Column<Guid>(type: "uuid", nullable: true),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delegate_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_delegate_history_delegates_delegate_id",
                        column: x => x.delegate_id,
                        principalTable: "delegates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_delegate_history_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notes_verbales",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    delegation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    text_extracted = table.Column<bool>(type: "boolean", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    page_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notes_verbales", x => x.id);
                    table.ForeignKey(
                        name: "fk_notes_verbales_delegations_delegation_id",
                        column: x => x.delegation_id,
                        principalTable: "delegations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_notes_verbales_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "note_verbale_contents",
                columns: table => new
                {
                    note_verbale_id = table.Column<Guid>(type: "uuid", nullable: false),
                    bytes = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_note_verbale_contents", x => x.note_verbale_id);
                    table.ForeignKey(
                        name: "fk_note_verbale_contents_notes_verbales_note_verbale_id",
                        column: x => x.note_verbale_id,
                        principalTable: "notes_verbales",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "note_verbale_matches",
                columns: table => new
                {
                    note_verbale_id = table.Column<Guid>(type: "uuid", nullable: false),
                    delegate_id = table.Column<Guid>(type: "uuid", nullable: false),
                    matched = table.Column<bool>(type: "boolean", nullable: false),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_note_verbale_matches", x => new { x.note_verbale_id, x.delegate_id });
                    table.ForeignKey(
                        name: "fk_note_verbale_matches_delegates_delegate_id",
                        column: x => x.delegate_id,
                        principalTable: "delegates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_note_verbale_matches_notes_verbales_note_verbale_id",
                        column: x => x.note_verbale_id,
                        principalTable: "notes_verbales",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_delegations_current_note_verbale_id",
                table: "delegations",
                column: "current_note_verbale_id");

            migrationBuilder.CreateIndex(
                name: "ix_delegate_history_delegate_id_sequence",
                table: "delegate_history",
                columns: new[] { "delegate_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_delegate_history_event_id",
                table: "delegate_history",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_note_verbale_matches_delegate_id",
                table: "note_verbale_matches",
                column: "delegate_id");

            migrationBuilder.CreateIndex(
                name: "ix_notes_verbales_delegation_id_id",
                table: "notes_verbales",
                columns: new[] { "delegation_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_notes_verbales_event_id",
                table: "notes_verbales",
                column: "event_id");

            migrationBuilder.AddForeignKey(
                name: "fk_delegations_notes_verbales_current_note_verbale_id",
                table: "delegations",
                column: "current_note_verbale_id",
                principalTable: "notes_verbales",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_delegations_notes_verbales_current_note_verbale_id",
                table: "delegations");

            migrationBuilder.DropTable(
                name: "delegate_history");

            migrationBuilder.DropTable(
                name: "note_verbale_contents");

            migrationBuilder.DropTable(
                name: "note_verbale_matches");

            migrationBuilder.DropTable(
                name: "notes_verbales");

            migrationBuilder.DropIndex(
                name: "ix_delegations_current_note_verbale_id",
                table: "delegations");

            migrationBuilder.DropColumn(
                name: "confirmation_comment",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "confirmed_at",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "confirmed_by",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "decided_at",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "decided_by",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "decision_note_verbale_id",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "decision_note_verbale_sha256",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "decision_reason",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "history_length",
                table: "delegates");
        }
    }
}
