import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { authHeaders, type SignedIn, signIn } from "../helpers/auth";

const URL = "https://api.test/api/v1/settings";
let user: SignedIn;

beforeEach(async () => {
  user = await signIn();
});

function send(method: "PUT" | "POST", body: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(URL, {
    method,
    headers: { ...authHeaders(user.accessToken), "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("settings", () => {
  it("are created with the defaults on first read", async () => {
    const response = await SELF.fetch(URL, { headers: authHeaders(user.accessToken) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sentence_length_limit: 8,
      min_sentence_length: 2,
      engine: "auto",
      gemini_model: "balanced",
      ignore_dialogue: false,
      preserve_formatting: true,
      fix_hyphenation: true,
      extra_abbreviations: [],
    });
  });

  it("PUT and POST update any subset and persist it", async () => {
    expect((await send("PUT", { sentence_length_limit: 12, engine: "offline" })).status).toBe(200);
    const post = await send("POST", { ignore_dialogue: true });
    expect(await post.json()).toMatchObject({
      sentence_length_limit: 12,
      engine: "offline",
      ignore_dialogue: true,
    });
    const read = await SELF.fetch(URL, { headers: authHeaders(user.accessToken) });
    expect(await read.json()).toMatchObject({
      sentence_length_limit: 12,
      engine: "offline",
      ignore_dialogue: true,
    });
  });

  it.each([
    [{ sentence_length_limit: 2 }, "sentence_length_limit"],
    [{ sentence_length_limit: 51 }, "sentence_length_limit"],
    [{ sentence_length_limit: 8.5 }, "sentence_length_limit"],
    [{ min_sentence_length: 0 }, "min_sentence_length"],
    [{ engine: "magic" }, "engine"],
    [{ gemini_model: "fast" }, "gemini_model"],
    [{ ignore_dialogue: "yes" }, "ignore_dialogue"],
    [{ colour: "blue" }, "(root)"],
  ])("refuses %j with 422 naming the field", async (body, field) => {
    const response = await send("PUT", body);
    expect(response.status).toBe(422);
    const problem = await response.json<{ error_code: string; errors: { path: string }[] }>();
    expect(problem.error_code).toBe("VALIDATION_FAILED");
    expect(problem.errors.map((error) => error.path)).toContain(field);
  });

  it("refuses a minimum above the limit, and writes nothing", async () => {
    const response = await send("PUT", { sentence_length_limit: 5, min_sentence_length: 6 });
    expect(response.status).toBe(422);
    expect((await response.json<{ errors: { path: string }[] }>()).errors[0]?.path).toBe(
      "min_sentence_length",
    );
    const read = await SELF.fetch(URL, { headers: authHeaders(user.accessToken) });
    expect(await read.json()).toMatchObject({ sentence_length_limit: 8, min_sentence_length: 2 });
  });

  it("answers malformed JSON with 400 and a wrong content type with 415", async () => {
    const malformed = await send("PUT", "{not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error_code: "MALFORMED_JSON" });
    const wrongType = await send("PUT", "sentence_length_limit=9", { "content-type": "text/plain" });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ error_code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("requires authentication", async () => {
    const response = await SELF.fetch(URL);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("are kept per user", async () => {
    await send("PUT", { sentence_length_limit: 20 });
    const other = await signIn();
    const read = await SELF.fetch(URL, { headers: authHeaders(other.accessToken) });
    expect(await read.json()).toMatchObject({ sentence_length_limit: 8 });
  });
});
