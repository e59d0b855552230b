using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <inheritdoc />
    public partial class ParticipantsNotesAndEligibility : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "supersede_reason",
                table: "notes_verbales",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "superseded_at",
                table: "notes_verbales",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "superseded_by",
                table: "notes_verbales",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "eligible_countries",
                table: "events",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "note_verbale_page",
                table: "delegates",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "participant_subject",
                table: "delegates",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_delegates_event_id_participant_subject_active",
                table: "delegates",
                columns: new[] { "event_id", "participant_subject" },
                unique: true,
                filter: "participant_subject IS NOT NULL AND status IN ('Pending', 'Approved')");

            migrationBuilder.CreateIndex(
                name: "ix_delegates_participant_subject_id",
                table: "delegates",
                columns: new[] { "participant_subject", "id" },
                filter: "participant_subject IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_delegates_event_id_participant_subject_active",
                table: "delegates");

            migrationBuilder.DropIndex(
                name: "ix_delegates_participant_subject_id",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "supersede_reason",
                table: "notes_verbales");

            migrationBuilder.DropColumn(
                name: "superseded_at",
                table: "notes_verbales");

            migrationBuilder.DropColumn(
                name: "superseded_by",
                table: "notes_verbales");

            migrationBuilder.DropColumn(
                name: "eligible_countries",
                table: "events");

            migrationBuilder.DropColumn(
                name: "note_verbale_page",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "participant_subject",
                table: "delegates");
        }
    }
}
