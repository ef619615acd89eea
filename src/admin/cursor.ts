import { and, type Column, eq, lt, or, type SQL } from "drizzle-orm";
import { ApiError } from "../lib/errors";

/** A keyset position in a list sorted by a time then an id, on the wire as `<epoch ms>.<id>`. */
export interface TimeCursor {
  at: Date;
  id: string;
}

/** The cursor that resumes a list after this row. */
export function encodeTimeCursor(at: Date | string, id: string): string {
  return `${new Date(at).getTime()}.${id}`;
}

/** Reads a cursor from a query (null when absent); 422 VALIDATION_FAILED when it is not one this API gave. */
export function decodeTimeCursor(cursor: string | undefined): TimeCursor | null {
  if (!cursor) return null;
  const match = /^(\d{1,15})\.([\w-]{1,64})$/.exec(cursor);
  if (!match) {
    throw new ApiError("VALIDATION_FAILED", {
      detail: "The cursor is not one this API returned.",
      fields: [{ path: "cursor", message: "Invalid cursor", code: "invalid_cursor" }],
    });
  }
  return { at: new Date(Number(match[1])), id: match[2]! };
}

/** The rows after a cursor in a list sorted newest first by (`time`, `id`); no condition without a cursor. */
export function olderThan(time: Column, id: Column, cursor: TimeCursor | null): SQL | undefined {
  if (!cursor) return undefined;
  return or(lt(time, cursor.at), and(eq(time, cursor.at), lt(id, cursor.id)));
}
