import { Migration } from "@mikro-orm/migrations";
import { PATH_COLUMN_LENGTH } from "../../config/zip-config.js";
import { isMySql } from "../dialect.js";

/**
 * Every accepted archive's entries, and whether the upload was verified. Written with knex's schema
 * builder so one migration serves MySQL and SQLite.
 */
export class CreateUploadEntries extends Migration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const mysql = isMySql(knex);
    const collation = mysql ? await this.binaryCollation() : null;
    // A foreign key needs both columns in one collation, whatever the database's default was
    // when `uploads` was made.
    const idCollation = mysql ? await this.columnCollation("uploads", "id") : null;

    const alter = knex.schema.alterTable("uploads", (table) => {
      // Rows from before entries were recorded were never marked verified.
      table.boolean("verified").notNullable().defaultTo(false);
      table.bigInteger("prefix_bytes").notNullable().defaultTo(0);
    });

    const create = knex.schema.createTable("upload_entries", (table) => {
      if (mysql) {
        table.charset("utf8mb4");
        table.engine("InnoDB");
      }
      const uploadId = table.string("upload_id", 36).notNullable();
      if (idCollation !== null) uploadId.collate(idCollation);
      // Position in the central directory: with the upload id, the key.
      table.integer("ordinal").notNullable();
      const path = table.string("path", PATH_COLUMN_LENGTH).notNullable();
      if (collation !== null) path.collate(collation);
      table.bigInteger("size").notNullable();
      table.bigInteger("compressed_size").notNullable();
      table.bigInteger("crc32").notNullable();
      table.integer("method").notNullable();
      table.boolean("is_directory").notNullable();
      table.datetime("modified_at", { precision: 3 }).nullable();
      table.boolean("is_metadata").notNullable();
      table.boolean("verified").notNullable();
      table.primary(["upload_id", "ordinal"]);
      // Keyset pagination walks (path, ordinal) within one upload; the ordinal breaks ties that a
      // PAD SPACE collation sees between "a" and "a ".
      table.index(["upload_id", "path", "ordinal"], "upload_entries_path_index");
      table.foreign("upload_id").references("uploads.id").onDelete("CASCADE");
    });

    for (const statement of [...alter.toSQL(), ...create.toSQL()]) this.addSql(statement.sql);
  }

  /**
   * A binary collation, so that names differing in case stay apart and sort by code point as
   * SQLite sorts them; NO PAD where the server has one (MySQL 8, MariaDB 10.2 on), so that "a" and
   * "a " are not equal either.
   */
  private async binaryCollation(): Promise<string> {
    const rows = await this.execute(
      "show collation where Collation in ('utf8mb4_0900_bin', 'utf8mb4_nopad_bin')",
    );
    const names = rows.map((row) => String(row.Collation));
    return names.find((name) => name === "utf8mb4_0900_bin") ?? names[0] ?? "utf8mb4_bin";
  }

  private async columnCollation(tableName: string, column: string): Promise<string | null> {
    const rows = await this.execute(
      "select collation_name as name from information_schema.columns" +
        " where table_schema = database() and table_name = ? and column_name = ?",
      [tableName, column],
    );
    const name = rows[0]?.name;
    return typeof name === "string" ? name : null;
  }

  override async down(): Promise<void> {
    this.addSql(this.getKnex().schema.dropTableIfExists("upload_entries").toQuery());
    // Plain SQL: MySQL and SQLite (3.35 on) both drop a column this way; knex would rebuild the
    // table on SQLite.
    this.addSql("alter table uploads drop column verified");
    this.addSql("alter table uploads drop column prefix_bytes");
  }
}
