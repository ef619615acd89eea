import { asc, eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../../db/client";
import type { DataSection } from "../data-section";

/** An `erase` that deletes the user's rows of one table, matched on `column`, and counts them. */
export function eraseRows(table: SQLiteTable, column: SQLiteColumn): DataSection["erase"] {
  return async ({ db }, userId) => {
    const result = await db.delete(table).where(eq(column, userId)).run();
    return { counts: { rows: result.meta.changes } };
  };
}

type UserTable = SQLiteTable & { userId: SQLiteColumn; createdAt: SQLiteColumn; id: SQLiteColumn };

/** The user's rows of a table for the export, oldest first. */
export function userRows<T extends UserTable>(db: Database, table: T, userId: string) {
  return db.select().from(table).where(eq(table.userId, userId)).orderBy(asc(table.createdAt), asc(table.id));
}
