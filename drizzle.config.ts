import { defineConfig } from "drizzle-kit";

/** Drizzle generates SQL migrations into `migrations/`, which Wrangler applies (`migrations_dir`). */
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema/index.ts",
  out: "./migrations",
  casing: "snake_case",
});
