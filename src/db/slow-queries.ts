import { log } from "../lib/logger";

/** A D1 call slower than this is logged as a warning with its SQL (never its bound values). */
const SLOW_QUERY_MS = 100;

/** Runs one D1 call and warns when it took longer than SLOW_QUERY_MS. */
async function timed<T>(sql: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await call();
  } finally {
    const ms = performance.now() - started;
    if (ms > SLOW_QUERY_MS)
      log("warn", "slow D1 query", { sql: sql.slice(0, 500), duration_ms: Math.round(ms) });
  }
}

/**
 * The D1 binding with every statement timed, for the slow-query log. Only what drizzle calls is wrapped
 * (prepare, bind, first, all, run, raw, batch, exec); batches get back the real statements they were built from.
 */
export function withSlowQueryLog(d1: D1Database): D1Database {
  const statements = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values), sql),
      first: (column?: string) => timed(sql, () => (column ? statement.first(column) : statement.first())),
      all: () => timed(sql, () => statement.all()),
      run: () => timed(sql, () => statement.run()),
      raw: (options?: { columnNames?: false }) => timed(sql, () => statement.raw(options)),
    } as unknown as D1PreparedStatement;
    statements.set(proxy, statement);
    return proxy;
  };
  return {
    prepare: (sql: string) => wrap(d1.prepare(sql), sql),
    batch: (batch: D1PreparedStatement[]) =>
      timed(`batch of ${batch.length}`, () => d1.batch(batch.map((s) => statements.get(s) ?? s))),
    exec: (sql: string) => timed(sql, () => d1.exec(sql)),
    dump: () => d1.dump(),
    withSession: (constraint?: string) => d1.withSession(constraint),
  } as unknown as D1Database;
}
