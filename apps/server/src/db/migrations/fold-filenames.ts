import { Migration } from "@mikro-orm/migrations";
import { foldFilename } from "../../uploads/fold-filename.js";
import { isMySql } from "../dialect.js";

/** A searchable, folded copy of each file name, compared byte for byte. */
export class FoldFilenames extends Migration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const mysql = isMySql(knex);

    const alter = knex.schema.alterTable("uploads", (table) => {
      const column = table.text("filename_folded", "mediumtext");
      // Binary comparison: the general collations treat every emoji as equal to every other.
      if (mysql) column.collate("utf8mb4_bin");
    });
    for (const statement of alter.toSQL()) this.addSql(statement.sql);

    // Rows written before this migration get their folded names here, in JS, as new rows will.
    const rows = await this.execute("select id, filename from uploads");
    for (const row of rows as { id: string; filename: string }[]) {
      this.addSql(
        knex("uploads")
          .update({ filename_folded: foldFilename(row.filename) })
          .where({ id: row.id }),
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql(
      this.getKnex()
        .schema.alterTable("uploads", (table) => table.dropColumn("filename_folded"))
        .toQuery(),
    );
  }
}
