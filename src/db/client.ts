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

/**
 * A value kept per client (so per binding and isolate), built on first use: prepared statements, whose SQL costs
 * more CPU to build than the rest of a short request.
 */
export function perClient<T>(build: (db: Database) => T): (db: Database) => T {
  const values = new WeakMap<Database, T>();
  return (db) => {
    let value = values.get(db);
    if (value === undefined) {
      value = build(db);
      values.set(db, value);
    }
    return value;
  };
}
