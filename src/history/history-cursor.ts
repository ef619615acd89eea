import { and, lt, lte, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ApiError } from "../lib/errors";

/** The position after the last item of a page: its creation time (epoch ms) and id, the list's sort key. */
export interface HistoryCursor {
  createdAt: number;
  id: string;
}

const toBase64Url = (text: string) => btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const fromBase64Url = (text: string) => atob(text.replaceAll("-", "+").replaceAll("_", "/"));

/** An opaque cursor for the item a page ended on. */
export const encodeHistoryCursor = (cursor: HistoryCursor) =>
  toBase64Url(`h:${cursor.createdAt}:${cursor.id}`);

/** The position a cursor names, or a 422 for anything this API did not return. */
export function decodeHistoryCursor(cursor: string): HistoryCursor {
  try {
    const match = /^h:(\d{1,15}):([0-9a-f-]{36})$/.exec(fromBase64Url(cursor));
    if (match?.[1] && match[2]) return { createdAt: Number(match[1]), id: match[2] };
  } catch {
    // not base64: fall through to the validation error
  }
  throw new ApiError("VALIDATION_FAILED", {
    detail: "The cursor is not one this API returned.",
    fields: [{ path: "cursor", message: "invalid cursor", code: "custom" }],
  });
}

/**
 * The rows after a cursor in (created_at, id) descending order, or no condition without one. The bare `<=` gives
 * SQLite a range on the (…, created_at, id) index; the OR alone would not.
 */
export function afterCursor(
  columns: { createdAt: SQLiteColumn; id: SQLiteColumn },
  after: HistoryCursor | null,
): SQL | undefined {
  if (!after) return undefined;
  const at = new Date(after.createdAt);
  return and(lte(columns.createdAt, at), or(lt(columns.createdAt, at), lt(columns.id, after.id)));
}

/**
 * A page from `limit + 1` rows read in cursor order (the extra row only tells that a next page exists, without a
 * COUNT): the first `limit` as `view` shows them, and the cursor of the next page.
 */
export function keysetPage<Row extends { createdAt: Date; id: string }, Item>(
  rows: Row[],
  limit: number,
  view: (row: Row) => Item,
): { items: Item[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(view),
    next_cursor:
      rows.length > limit && last
        ? encodeHistoryCursor({ createdAt: last.createdAt.getTime(), id: last.id })
        : null,
  };
}
