import { z } from "@hono/zod-openapi";

/** The query of every newest-first list: an opaque cursor from the previous page and a page size. */
export const PageQuery = z.object({
  cursor: z
    .string()
    .max(256)
    .optional()
    .openapi({ description: "Opaque cursor from the previous page's `next_cursor`" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
