import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withSlowQueryLog } from "../../src/db/slow-queries";

/** A statement whose `all` is held back by `delayMs`, standing in for a slow query (bound copies too). */
function slowStatement(statement: D1PreparedStatement, delayMs: number): D1PreparedStatement {
  return new Proxy(statement, {
    get(inner, method) {
      const value = Reflect.get(inner, method, inner).bind(inner);
      if (method === "bind") return (...values: unknown[]) => slowStatement(value(...values), delayMs);
      if (method !== "all") return value;
      return async () => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return value();
      };
    },
  });
}

/** The D1 binding with every statement's `all` held back by `delayMs`. */
function slowD1(delayMs: number): D1Database {
  return new Proxy(env.DB, {
    get(target, name) {
      const value = Reflect.get(target, name, target).bind(target);
      return name === "prepare" ? (sql: string) => slowStatement(value(sql), delayMs) : value;
    },
  });
}

afterEach(() => vi.restoreAllMocks());

describe("slow-query log", () => {
  it("warns with the SQL, never the bound values, for a query over 100 ms", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const db = withSlowQueryLog(slowD1(150));
    const { results } = await db.prepare("SELECT ? AS secret_value").bind("hidden-4711").all();
    expect(results).toEqual([{ secret_value: "hidden-4711" }]);
    expect(warn).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(warn.mock.calls[0]?.[0]));
    expect(line).toMatchObject({ level: "warn", message: "slow D1 query", sql: "SELECT ? AS secret_value" });
    expect(line.duration_ms).toBeGreaterThan(100);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain("hidden-4711");
  });

  it("stays quiet for a fast query, and batches run the real statements", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const db = withSlowQueryLog(env.DB);
    const [one, two] = await db.batch([db.prepare("SELECT 1 AS n"), db.prepare("SELECT ? AS n").bind(2)]);
    expect([one?.results, two?.results]).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    expect(warn).not.toHaveBeenCalled();
  });
});
