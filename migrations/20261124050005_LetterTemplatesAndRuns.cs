using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <inheritdoc />
    public partial class LetterTemplatesAndRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "letter_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    fields = table.Column<List<string>>(type: "text[]", nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_letter_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "letter_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    call_id = table.Column<Guid>(type: "uuid", nullable: true),
                    countries = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    send_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_letter_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_letter_runs_letter_templates_template_id",
                        column: x => x.template_id,
                        principalTable: "letter_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "letter_template_contents",
                columns: table => new
                {
                    template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    bytes = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_letter_template_contents", x => x.template_id);
                    table.ForeignKey(
                        name: "fk_letter_template_contents_letter_templates_template_id",
                        column: x => x.template_id,
                        principalTable: "letter_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "letter_emails",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    country = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    recipients = table.Column<string>(type: "character varying(3000)", maxLength: 3000, nullable: false),
                    message_id = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_letter_emails", x => x.id);
                    table.ForeignKey(
                        name: "fk_letter_emails_letter_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "letter_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_letter_emails_run_id_country",
                table: "letter_emails",
                columns: new[] { "run_id", "country" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_letter_runs_template_id_id",
                table: "letter_runs",
                columns: new[] { "template_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "letter_emails");

            migrationBuilder.DropTable(
                name: "letter_template_contents");

            migrationBuilder.DropTable(
                name: "letter_runs");

            migrationBuilder.DropTable(
                name: "letter_templates");
        }
    }
}
