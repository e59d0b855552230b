using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Registration.Api.Migrations
{
    /// <inheritdoc />
    public partial class StatementsAndRemoteSpeaking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "statements_closed_at",
                table: "events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "agenda_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    sort_key = table.Column<string>(type: "character varying(28)", maxLength: 28, nullable: false),
                    meetings = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agenda_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_agenda_items_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sittings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    period = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    duration_minutes = table.Column<int>(type: "integer", nullable: false),
                    remote_budget_minutes = table.Column<int>(type: "integer", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sittings", x => x.id);
                    table.CheckConstraint("ck_sittings_budget", "remote_budget_minutes >= 0 AND remote_budget_minutes <= duration_minutes AND duration_minutes > 0");
                    table.ForeignKey(
                        name: "fk_sittings_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "statement_closures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    summary = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statement_closures", x => x.id);
                    table.ForeignKey(
                        name: "fk_statement_closures_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "statements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    delegation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    country = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    agenda_item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agenda_item_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    meeting_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    version_number = table.Column<int>(type: "integer", nullable: false),
                    label = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    file_name = table.Column<string>(type: "character varying(310)", maxLength: 310, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    storage_key = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    duration_seconds = table.Column<double>(type: "double precision", nullable: true),
                    transcript = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reviewed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    return_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    published_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statements", x => x.id);
                    table.ForeignKey(
                        name: "fk_statements_agenda_items_agenda_item_id",
                        column: x => x.agenda_item_id,
                        principalTable: "agenda_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_statements_delegations_delegation_id",
                        column: x => x.delegation_id,
                        principalTable: "delegations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_statements_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "remote_slots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sitting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    delegation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    country = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    delegate_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agenda_item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    booked_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    booked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cancelled_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_remote_slots", x => x.id);
                    table.CheckConstraint("ck_remote_slots_minutes", "minutes > 0");
                    table.ForeignKey(
                        name: "fk_remote_slots_agenda_items_agenda_item_id",
                        column: x => x.agenda_item_id,
                        principalTable: "agenda_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_remote_slots_delegates_delegate_id",
                        column: x => x.delegate_id,
                        principalTable: "delegates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_remote_slots_delegations_delegation_id",
                        column: x => x.delegation_id,
                        principalTable: "delegations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_remote_slots_sittings_sitting_id",
                        column: x => x.sitting_id,
                        principalTable: "sittings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agenda_items_event_id_number",
                table: "agenda_items",
                columns: new[] { "event_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agenda_items_event_id_sort_key_id",
                table: "agenda_items",
                columns: new[] { "event_id", "sort_key", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_remote_slots_agenda_item_id",
                table: "remote_slots",
                column: "agenda_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_remote_slots_delegate_id",
                table: "remote_slots",
                column: "delegate_id");

            migrationBuilder.CreateIndex(
                name: "ix_remote_slots_delegation_id",
                table: "remote_slots",
                column: "delegation_id");

            migrationBuilder.CreateIndex(
                name: "ix_remote_slots_sitting_id_booked_at_id",
                table: "remote_slots",
                columns: new[] { "sitting_id", "booked_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sittings_event_id_meeting_code_date_period",
                table: "sittings",
                columns: new[] { "event_id", "meeting_code", "date", "period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_statement_closures_event_id_deadline",
                table: "statement_closures",
                columns: new[] { "event_id", "deadline" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_statements_agenda_item_id",
                table: "statements",
                column: "agenda_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_statements_delegation_id_agenda_item_id_kind_version_number",
                table: "statements",
                columns: new[] { "delegation_id", "agenda_item_id", "kind", "version_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_statements_event_id_id",
                table: "statements",
                columns: new[] { "event_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_statements_storage_key",
                table: "statements",
                column: "storage_key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "remote_slots");

            migrationBuilder.DropTable(
                name: "statement_closures");

            migrationBuilder.DropTable(
                name: "statements");

            migrationBuilder.DropTable(
                name: "sittings");

            migrationBuilder.DropTable(
                name: "agenda_items");

            migrationBuilder.DropColumn(
                name: "statements_closed_at",
                table: "events");
        }
    }
}
