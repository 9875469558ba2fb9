import type { Knex } from "@mikro-orm/knex";

/**
 * Whether a migration runs on MySQL/MariaDB. MikroORM hands knex its own client classes, so the
 * configured client name says nothing; knex's dialect name does ("mysql" or "sqlite3").
 */
export function isMySql(knex: Knex): boolean {
  return (knex.client as { dialect?: string }).dialect === "mysql";
}
