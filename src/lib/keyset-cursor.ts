import { ApiError } from "./errors";

/** The position after the last item of a page sorted newest first: its creation time (epoch ms) and id. */
export interface KeysetPosition {
  createdAt: number;
  id: string;
}

const toBase64Url = (text: string) => btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const fromBase64Url = (text: string) => atob(text.replaceAll("-", "+").replaceAll("_", "/"));

/** The ids of most lists: `crypto.randomUUID()`. */
export const UUID_ID = /[0-9a-f-]{36}/;

/**
 * Opaque page cursors for one newest-first list: `kind` keeps a cursor of one list from being read by
 * another, and `idPattern` is the shape of that list's ids.
 */
export function keysetCursor(kind: string, idPattern: RegExp) {
  const shape = new RegExp(`^${kind}:(\\d{1,15}):(${idPattern.source})$`);
  const encode = (position: KeysetPosition) => toBase64Url(`${kind}:${position.createdAt}:${position.id}`);
  return {
    /** The cursor of the item a page ended on. */
    encode,
    /** The position a cursor names, or a 422 for anything this API did not return. */
    decode(cursor: string): KeysetPosition {
      try {
        const match = shape.exec(fromBase64Url(cursor));
        if (match?.[1] && match[2]) return { createdAt: Number(match[1]), id: match[2] };
      } catch {
        // not base64: fall through to the validation error
      }
      throw new ApiError("VALIDATION_FAILED", {
        detail: "The cursor is not one this API returned.",
        fields: [{ path: "cursor", message: "invalid cursor", code: "custom" }],
      });
    },
    /**
     * A page from rows fetched with one more than `limit` (that extra row tells whether a next page exists
     * without a COUNT), and the cursor of the next page.
     */
    page<T extends { createdAt: Date; id: string }>(rows: readonly T[], limit: number) {
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const more = rows.length > limit && last !== undefined;
      return {
        items,
        nextCursor: more ? encode({ createdAt: last.createdAt.getTime(), id: last.id }) : null,
      };
    },
  };
}
