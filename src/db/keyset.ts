import { and, lt, lte, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { KeysetPosition } from "../lib/keyset-cursor";

/**
 * The condition of a newest-first keyset page: rows strictly after `after` in (created_at desc, id desc)
 * order, or no condition on the first page. The bare `<=` gives SQLite a range on a (…, created_at, id)
 * index; the OR alone would not.
 */
export function olderThan(
  columns: { createdAt: SQLiteColumn; id: SQLiteColumn },
  after: KeysetPosition | null,
): SQL | undefined {
  if (!after) return undefined;
  const at = new Date(after.createdAt);
  return and(lte(columns.createdAt, at), or(lt(columns.createdAt, at), lt(columns.id, after.id)));
}
