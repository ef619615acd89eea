import { eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { DataSection } from "../data-section";

/** An `erase` that deletes the user's rows of one table, matched on `column`, and counts them. */
export function eraseRows(table: SQLiteTable, column: SQLiteColumn): DataSection["erase"] {
  return async ({ db }, userId) => {
    const result = await db.delete(table).where(eq(column, userId)).run();
    return { counts: { rows: result.meta.changes } };
  };
}
