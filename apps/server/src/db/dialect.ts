import type { Knex } from "@mikro-orm/knex";

/**
 * Whether knex speaks to MySQL or MariaDB. MikroORM hands knex a dialect class, not a client
 * name, so the client's own `dialect` is what tells them apart.
 */
export function isMySql(knex: Knex): boolean {
  return (knex.client as { dialect?: string }).dialect === "mysql";
}
