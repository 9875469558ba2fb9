import { Migration } from "@mikro-orm/migrations";
import { isMySql } from "../dialect.js";

/** The `uploads` table, written with knex's schema builder so one migration serves MySQL and SQLite. */
export class CreateUploads extends Migration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const mysql = isMySql(knex);

    const create = knex.schema.createTable("uploads", (table) => {
      if (mysql) {
        // utf8mb4 so that any file name (emoji included) is stored exactly as sent.
        table.charset("utf8mb4");
        table.collate("utf8mb4_unicode_ci");
        table.engine("InnoDB");
      }
      table.string("id", 36).primary();
      table.string("filename", 1024).notNullable();
      table.string("object_key", 512).notNullable().unique();
      table.bigInteger("size").notNullable();
      table.string("sha256", 64).notNullable().index("uploads_sha256_index");
      table.string("content_type", 255).notNullable();
      table.bigInteger("entry_count").notNullable();
      table.bigInteger("uncompressed_size").notNullable();
      table.datetime("created_at", { precision: 3 }).notNullable();
      // Keyset pagination walks (created_at, id) newest first.
      table.index(["created_at", "id"], "uploads_created_at_id_index");
    });

    for (const statement of create.toSQL()) this.addSql(statement.sql);
  }

  override async down(): Promise<void> {
    this.addSql(this.getKnex().schema.dropTableIfExists("uploads").toQuery());
  }
}
