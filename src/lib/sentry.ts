import type { DurableObject } from "cloudflare:workers";
import {
  type CloudflareOptions,
  captureException,
  instrumentDurableObjectWithSentry,
  withScope,
} from "@sentry/cloudflare";
import { loadConfig } from "../config";
import { scrubBreadcrumb, scrubEvent } from "./sentry-scrub";

/**
 * What the SDK may collect on its own. Its defaults send request bodies (a PDF, a sign-in code), every header
 * and cookie, query strings, SQL parameters and queue payloads: all off here.
 */
const DATA_COLLECTION: NonNullable<CloudflareOptions["dataCollection"]> = {
  userInfo: false,
  cookies: false,
  httpHeaders: { request: { allow: ["user-agent", "content-type", "x-request-id"] }, response: false },
  httpBodies: [],
  urlQueryParams: false,
  databaseQueryData: false,
  queues: false,
  stackFrameVariables: false,
  genAI: { inputs: false, outputs: false },
};

/**
 * The Sentry SDK's options for one invocation (fetch, queue, cron or a Durable Object call), from the worker's
 * env: no DSN, no reporting. A client is made per invocation rather than cached per isolate, so the DSN is
 * always the one of the env at hand.
 */
export function sentryOptions(env: Env): CloudflareOptions {
  const result = loadConfig(env);
  const config = result.ok ? result.config : undefined;
  return {
    dsn: config?.SENTRY_DSN ?? "",
    ...(config ? { environment: config.ENVIRONMENT, release: config.GIT_COMMIT } : {}),
    dataCollection: DATA_COLLECTION,
    beforeSend: scrubEvent,
    beforeBreadcrumb: scrubBreadcrumb,
    cacheClient: false,
  };
}

/** Who and what an unexpected error concerns. */
export interface ReportContext {
  requestId?: string | undefined;
  userId?: string | undefined;
  tags?: Record<string, string>;
}

/**
 * Reports an unexpected error from inside an instrumented handler (`withSentry`, Durable Objects). Sent only
 * when the invocation's SDK has a DSN; scrubbed of secrets by `scrubEvent`.
 */
export function reportError(error: unknown, { requestId, userId, tags = {} }: ReportContext = {}): void {
  withScope((scope) => {
    scope.setTags(requestId ? { ...tags, request_id: requestId } : tags);
    if (userId) scope.setUser({ id: userId });
    captureException(error);
  });
}

/** A Durable Object class as the runtime constructs it. */
type ObjectClass = new (ctx: DurableObjectState, env: Env) => DurableObject<Env>;

/**
 * The Durable Object class reporting what escapes its methods and alarm, when its env has a DSN; the plain class
 * otherwise, since nothing would be sent and the instrumentation wraps every call and every D1 statement.
 */
export function instrumentObject<C extends ObjectClass>(Plain: C): C {
  const Instrumented = instrumentDurableObjectWithSentry(sentryOptions, Plain);
  return new Proxy(Plain, {
    construct(target, args: [DurableObjectState, Env], newTarget) {
      return args[1].SENTRY_DSN ? new Instrumented(...args) : Reflect.construct(target, args, newTarget);
    },
  });
}
