import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";
import { withSlowQueryLog } from "./slow-queries";

const clients = new WeakMap<D1Database, ReturnType<typeof build>>();

function build(d1: D1Database) {
  return drizzle(withSlowQueryLog(d1), { schema, casing: "snake_case" });
}

/**
 * A drizzle client over the D1 binding, with snake_case columns and the slow-query log. Built once per binding and isolate:
 * building one maps the whole schema, which would otherwise cost every request.
 */
export function createDb(d1: D1Database) {
  let client = clients.get(d1);
  if (!client) {
    client = build(d1);
    clients.set(d1, client);
  }
  return client;
}

export type Database = ReturnType<typeof createDb>;
