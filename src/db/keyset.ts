import { and, lt, lte, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { KeysetPosition } from "../lib/keyset-cursor";

type KeysetColumns = { createdAt: SQLiteColumn; id: SQLiteColumn };

/**
 * The condition of a newest-first keyset page: rows strictly after `after` in (created_at desc, id desc)
 * order, or no condition on the first page.
 */
export function olderThan(columns: KeysetColumns, after: KeysetPosition | null): SQL | undefined {
  if (!after) return undefined;
  return keysetBefore(columns, new Date(after.createdAt), after.id);
}

/**
 * The same condition on given values, which may be placeholders of a prepared query. The bare `<=` gives
 * SQLite a range on a (…, created_at, id) index; the OR alone would not.
 */
export function keysetBefore(columns: KeysetColumns, at: unknown, id: unknown): SQL | undefined {
  return and(lte(columns.createdAt, at), or(lt(columns.createdAt, at), lt(columns.id, id)));
}
