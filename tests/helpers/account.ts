import { SELF } from "cloudflare:test";
import { unzipSync } from "fflate";
import { call, postJson } from "./history";
import { API } from "./jobs";

/** The wire view of a data export. */
export interface ExportBody {
  export_id: string;
  status: string;
  file_count: number | null;
  error: { error_code: string; message: string } | null;
  download: { url: string; expires_at: string } | null;
}

/** Asks for an export of the user's data and waits until the queue consumer has finished it. */
export async function finishedExport(token: string, query = ""): Promise<ExportBody> {
  const response = await postJson(token, `/account/export${query}`);
  if (response.status !== 202) throw new Error(`export ${response.status}: ${await response.text()}`);
  const { export_id } = await response.json<ExportBody>();
  const deadline = Date.now() + 50_000;
  for (;;) {
    const body = await (await call(token, `/account/exports/${export_id}`)).json<ExportBody>();
    if (body.status === "completed" || body.status === "failed") return body;
    if (Date.now() > deadline) throw new Error(`export still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Follows an export's signed link (no bearer token) and unpacks the ZIP into its files. */
export async function downloadZip(body: ExportBody): Promise<Record<string, Uint8Array>> {
  if (!body.download) throw new Error(`export ${body.status} has no link`);
  const response = await SELF.fetch(`${new URL(API).origin}${body.download.url}`);
  if (response.status !== 200) throw new Error(`download ${response.status}: ${await response.text()}`);
  return unzipSync(new Uint8Array(await response.arrayBuffer()));
}

/** A file of the ZIP as text. */
export const text = (files: Record<string, Uint8Array>, name: string): string => {
  const file = files[name];
  if (!file) throw new Error(`${name} is not in the ZIP`);
  return new TextDecoder().decode(file);
};
