import { type KeysetPosition, keysetCursor, UUID_ID } from "../lib/keyset-cursor";

/** The position after the last item of a page: its creation time (epoch ms) and id, the list's sort key. */
export type HistoryCursor = KeysetPosition;

/** The history list's cursors: job ids are UUIDs. */
export const historyCursor = keysetCursor("h", UUID_ID);

/** An opaque cursor for the item a page ended on. */
export const encodeHistoryCursor = historyCursor.encode;

/** The position a cursor names, or a 422 for anything this API did not return. */
export const decodeHistoryCursor = historyCursor.decode;
