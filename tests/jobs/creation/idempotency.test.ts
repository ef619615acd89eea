import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../../src/db/client";
import { sha256Hex } from "../../../src/engines/cache-keys";
import { claimIdempotencyKey } from "../../../src/jobs/creation/idempotency";
import { uploadFingerprint } from "../../../src/jobs/creation/receive-upload";
import { SETTINGS_DEFAULTS } from "../../../src/settings/settings.schema";
import { signIn } from "../../helpers/auth";
import { uploadPdf } from "../../helpers/jobs";
import { makeFrenchPdf } from "../../helpers/pdf-fixtures";

const pdf = (text: string) => makeFrenchPdf({ pages: [[text]] });

describe("Idempotency-Key on uploads", () => {
  it("the same key and request return the same job", async () => {
    const user = await signIn();
    const bytes = await pdf("Le même livre, envoyé deux fois.");
    const first = await uploadPdf(user.accessToken, bytes, {}, { "idempotency-key": "upload-1" });
    const second = await uploadPdf(user.accessToken, bytes, {}, { "idempotency-key": "upload-1" });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const [a, b] = [await first.json<{ job_id: string }>(), await second.json<{ job_id: string }>()];
    expect(b.job_id).toBe(a.job_id);
  });

  it("the same key with another file or other settings is a 422", async () => {
    const user = await signIn();
    const key = { "idempotency-key": "upload-2" };
    expect((await uploadPdf(user.accessToken, await pdf("Premier texte."), {}, key)).status).toBe(202);
    const otherFile = await uploadPdf(user.accessToken, await pdf("Second texte."), {}, key);
    expect(otherFile.status).toBe(422);
    expect(await otherFile.json()).toMatchObject({ error_code: "IDEMPOTENCY_KEY_REUSED" });
    const otherSettings = await uploadPdf(
      user.accessToken,
      await pdf("Premier texte."),
      { sentence_length_limit: "20" },
      key,
    );
    expect(otherSettings.status).toBe(422);
  });

  it("a key whose first request is still in flight is a 409", async () => {
    const user = await signIn();
    const bytes = await pdf("Un envoi encore en cours.");
    const fingerprint = await uploadFingerprint({
      sha256: await sha256Hex(bytes),
      filename: "roman.pdf",
      settings: { ...SETTINGS_DEFAULTS },
      useCache: true,
    });
    await claimIdempotencyKey(createDb(env.DB), user.userId, "upload-3", fingerprint);
    const response = await uploadPdf(user.accessToken, bytes, {}, { "idempotency-key": "upload-3" });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error_code: "IDEMPOTENCY_KEY_IN_USE" });
    expect(response.headers.get("retry-after")).toBe("1");
  });

  it("keys are scoped per user", async () => {
    const [alice, bob] = [await signIn(), await signIn()];
    const key = { "idempotency-key": "shared-name" };
    const a = await (await uploadPdf(alice.accessToken, await pdf("Texte d'Alice."), {}, key)).json<{
      job_id: string;
    }>();
    const response = await uploadPdf(bob.accessToken, await pdf("Texte de Bob."), {}, key);
    expect(response.status).toBe(202);
    expect((await response.json<{ job_id: string }>()).job_id).not.toBe(a.job_id);
  });

  it("a malformed key is a 422", async () => {
    const user = await signIn();
    const response = await uploadPdf(
      user.accessToken,
      await pdf("Texte."),
      {},
      { "idempotency-key": "has space" },
    );
    expect(response.status).toBe(422);
  });
});
