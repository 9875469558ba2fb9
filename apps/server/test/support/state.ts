import type { TestKura } from "./kura.js";
import { listStoredFiles } from "./kura.js";

/** What a refused upload must leave as it was: the object folder and both tables. */
export interface StoredState {
  files: string[];
  uploads: number;
  entries: number;
}

export async function storedState(kura: TestKura): Promise<StoredState> {
  const connection = kura.orm.em.getConnection();
  const count = async (table: string) => {
    const [row] = await connection.execute<{ n: number | string }[]>(
      `select count(*) as n from ${table}`,
    );
    return Number(row?.n ?? -1);
  };
  return {
    files: await listStoredFiles(kura.storageDir),
    uploads: await count("uploads"),
    entries: await count("upload_entries"),
  };
}
