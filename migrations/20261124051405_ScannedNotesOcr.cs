using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <inheritdoc />
    public partial class ScannedNotesOcr : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ocr_failure",
                table: "notes_verbales",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ocr_finished_at",
                table: "notes_verbales",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<int>>(
                name: "ocr_pages",
                table: "notes_verbales",
                type: "integer[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<List<int>>(
                name: "ocr_pages_over_limit",
                table: "notes_verbales",
                type: "integer[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "text_source",
                table: "notes_verbales",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "TextLayer"); // notes stored before OCR existed were read from their text layer alone

            migrationBuilder.AddColumn<bool>(
                name: "note_verbale_by_ocr",
                table: "delegates",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "note_verbale_read_as",
                table: "delegates",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ocr_failure",
                table: "notes_verbales");

            migrationBuilder.DropColumn(
                name: "ocr_finished_at",
                table: "notes_verbales");

            migrationBuilder.DropColumn(
                name: "ocr_pages",
                table: "notes_verbales");

            migrationBuilder.DropColumn(
                name: "ocr_pages_over_limit",
                table: "notes_verbales");

            migrationBuilder.DropColumn(
                name: "text_source",
                table: "notes_verbales");

            migrationBuilder.DropColumn(
                name: "note_verbale_by_ocr",
                table: "delegates");

            migrationBuilder.DropColumn(
                name: "note_verbale_read_as",
                table: "delegates");
        }
    }
}
