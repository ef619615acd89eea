import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkDownloadLink, downloadLink } from "../../src/account/export/download-link";
import { loadConfig } from "../../src/config";
import { accountExports, jobs } from "../../src/db/schema";
import { downloadZip, finishedExport, text } from "../helpers/account";
import { signIn } from "../helpers/auth";
import { seedIntegrations } from "../helpers/erasure";
import { call, completedJob, db, postJson } from "../helpers/history";
import { API, allSentences } from "../helpers/jobs";
import { deliver } from "../helpers/queue";

const loaded = loadConfig(env);
if (!loaded.ok) throw new Error(`test configuration invalid: ${loaded.invalid.join(", ")}`);
const config = loaded.config;

/** The cells of a CSV (RFC 4180 quoting), header row first. */
function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  for (const line of source
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter(Boolean)) {
    const cells: string[] = [];
    for (const match of line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)) {
      const cell = match[1] ?? "";
      cells.push(cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell);
    }
    rows.push(cells);
  }
  return rows;
}

/** Every field name in a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

const json = async <T>(response: Response) => {
  expect(response.status).toBe(200);
  return response.json<T>();
};

describe("exporting my data", () => {
  it("puts every file in one ZIP, equal to what the API shows, with no secret inside", async () => {
    const user = await signIn();
    const books = [
      await completedJob(user.accessToken, "premier"),
      await completedJob(user.accessToken, "second"),
    ];
    const key = await (
      await postJson(user.accessToken, "/api-keys", { name: "cli", scopes: ["jobs:read"] })
    ).json<{
      key: string;
    }>();

    const { endpointId, batchId } = await seedIntegrations(user.userId, "v1:whsec-ciphertext");
    const finished = await finishedExport(user.accessToken);
    expect(finished).toMatchObject({ status: "completed", error: null });
    expect(finished.download?.url).toMatch(/\/download\?expires=\d+&signature=[0-9a-f]{64}$/);
    const files = await downloadZip(finished);

    expect(Object.keys(files).sort()).toEqual(
      [
        "README.txt",
        "api-keys.json",
        "batches.json",
        "exports.json",
        "history.json",
        "profile.json",
        "sessions.json",
        "settings.json",
        "usage.json",
        "webhooks.json",
        ...books.flatMap((id) => [`jobs/${id}/roman.pdf`, `jobs/${id}/sentences.csv`]),
      ].sort(),
    );
    expect(finished.file_count).toBe(Object.keys(files).length);
    const readme = text(files, "README.txt");
    for (const name of ["profile.json", "settings.json", "sessions.json", "api-keys.json", "webhooks.json"]) {
      expect(readme).toContain(name);
    }

    expect(JSON.parse(text(files, "profile.json"))).toEqual(
      await json(await call(user.accessToken, "/auth/me")),
    );
    expect(JSON.parse(text(files, "settings.json"))).toEqual(
      await json(await call(user.accessToken, "/settings")),
    );
    const keys = await json<{ api_keys: object[] }>(await call(user.accessToken, "/api-keys"));
    expect(JSON.parse(text(files, "api-keys.json"))).toEqual(
      keys.api_keys.map((row) => ({ ...row, revoked_at: null })),
    );
    const webhooks = JSON.parse(text(files, "webhooks.json")) as { id: string; deliveries: unknown[] }[];
    expect(webhooks.map((endpoint) => [endpoint.id, endpoint.deliveries.length])).toEqual([[endpointId, 1]]);
    expect(JSON.parse(text(files, "batches.json"))).toMatchObject([
      { batch_id: batchId, status: "completed" },
    ]);
    const sessions = JSON.parse(text(files, "sessions.json")) as { id: string }[];
    expect(sessions).toHaveLength(1);
    const history = JSON.parse(text(files, "history.json")) as { id: string; deleted_at: string | null }[];
    for (const [index, id] of books.entries()) {
      // The entry's Google Sheets exports are in exports.json.
      const { sheet_exports: _, ...entry } = await json<{ sheet_exports: unknown }>(
        await call(user.accessToken, `/history/${id}`),
      );
      expect(history[index]).toMatchObject(entry);
      const expected = await allSentences(user.accessToken, id);
      const rows = parseCsv(text(files, `jobs/${id}/sentences.csv`));
      expect(rows[0]).toEqual(["index", "sentence", "page", "fallback"]);
      expect(rows.slice(1).map((row) => row[1])).toEqual(expected.map((sentence) => sentence.text));
      const job = await db.query.jobs.findFirst({ where: eq(jobs.id, id) });
      const pdf = await env.PDF_BUCKET.get(job?.pdfKey ?? "");
      expect(files[`jobs/${id}/roman.pdf`]).toEqual(new Uint8Array((await pdf?.arrayBuffer()) ?? []));
    }

    const everything = Object.values(files)
      .map((file) => new TextDecoder().decode(file))
      .join("\n");
    for (const secret of [key.key, user.accessToken, user.refreshToken, "whsec-ciphertext", "delivery body"])
      expect(everything).not.toContain(secret);
    const jsonFiles = Object.keys(files).filter((name) => name.endsWith(".json"));
    const fieldNames = jsonFiles.flatMap((name) => keysOf(JSON.parse(text(files, name))));
    expect(fieldNames).toContain("prefix");
    // Dates (`previous_secret_expires_at`) may name a secret; no field may hold one.
    const secretFields = fieldNames.filter(
      (field) => !field.endsWith("_at") && /hash|secret|cipher|(^|_)token$|^key$|^body$/i.test(field),
    );
    expect(secretFields).toEqual([]);
  });

  it("leaves the PDFs out when asked", async () => {
    const user = await signIn();
    const book = await completedJob(user.accessToken);
    const files = await downloadZip(await finishedExport(user.accessToken, "?include_pdfs=false"));
    expect(Object.keys(files)).toContain(`jobs/${book}/sentences.csv`);
    expect(Object.keys(files).filter((name) => name.endsWith(".pdf"))).toEqual([]);
    expect(text(files, "README.txt")).toContain("include_pdfs=false");
  });
});

describe("who may see an export", () => {
  it("answers 404 to another user, to a forged link, and to a link moved to another export", async () => {
    const owner = await signIn();
    const other = await signIn();
    const mine = await finishedExport(owner.accessToken);
    const theirs = await finishedExport(other.accessToken);
    expect((await call(other.accessToken, `/account/exports/${mine.export_id}`)).status).toBe(404);

    const origin = new URL(API).origin;
    const link = new URL(mine.download?.url ?? "", origin);
    const forged = new URL(link);
    forged.searchParams.set("expires", String(Number(link.searchParams.get("expires")) + 1000));
    const moved = new URL(link.href.replace(mine.export_id, theirs.export_id));
    for (const url of [forged, moved]) {
      const response = await call(other.accessToken, url.pathname.replace("/api/v1", "") + url.search);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("refuses a link once its 24 hours have passed (410)", async () => {
    const link = await downloadLink(config, "export-1", "user-1", 0);
    const [, expires = "", signature = ""] = /expires=(\d+)&signature=(\w+)/.exec(link.url) ?? [];
    const check = { exportId: "export-1", userId: "user-1", expires: Number(expires), signature };
    await expect(checkDownloadLink(config, check, 24 * 60 * 60 * 1000 - 1)).resolves.toBeUndefined();
    await expect(checkDownloadLink(config, check, 24 * 60 * 60 * 1000)).rejects.toMatchObject({
      code: "DOWNLOAD_LINK_EXPIRED",
    });
  });

  it("runs one export per user at a time (409 while one is being prepared)", async () => {
    const user = await signIn();
    await db
      .insert(accountExports)
      .values({ id: crypto.randomUUID(), userId: user.userId, status: "running" });
    const response = await postJson(user.accessToken, "/account/export");
    expect(response.status).toBe(409);
    expect((await response.json<{ error_code: string }>()).error_code).toBe("EXPORT_IN_PROGRESS");
  });

  it("refuses an API key: only a signed-in session exports the account", async () => {
    const user = await signIn();
    const { key } = await (
      await postJson(user.accessToken, "/api-keys", { name: "k", scopes: ["jobs:read"] })
    ).json<{ key: string }>();
    expect((await postJson(key, "/account/export")).status).toBe(403);
  });

  it("fails a dead-lettered export and aborts the upload its last run left open", async () => {
    const user = await signIn();
    const id = crypto.randomUUID();
    const key = `account-exports/${user.userId}/${id}.zip`;
    const upload = await env.PDF_BUCKET.createMultipartUpload(key);
    await db
      .insert(accountExports)
      .values({ id, userId: user.userId, status: "running", uploadId: upload.uploadId });

    const result = await deliver("fnt-dev-account-dlq", [{ body: { type: "account.export", exportId: id } }]);

    expect(result.explicitAcks).toEqual(["m0"]);
    const row = await db.query.accountExports.findFirst({ where: eq(accountExports.id, id) });
    expect(row).toMatchObject({ status: "failed", errorCode: "EXPORT_FAILED", uploadId: null });
    const part = env.PDF_BUCKET.resumeMultipartUpload(key, upload.uploadId).uploadPart(1, "late part");
    await expect(part).rejects.toThrow();
  });
});
