import type { Config } from "../config";
import { ApiError } from "../lib/errors";
import { dohResolver, type Resolver } from "./dns-resolver";
import { checkWebhookUrl, type UrlCheck } from "./url-policy";

const resolvers = new Map<string, Resolver>();

/** The DNS-over-HTTPS resolver at WEBHOOK_DNS_RESOLVER_URL, one per isolate and base URL. */
function configuredResolver(config: Pick<Config, "WEBHOOK_DNS_RESOLVER_URL">): Resolver {
  const baseUrl = config.WEBHOOK_DNS_RESOLVER_URL;
  let resolver = resolvers.get(baseUrl);
  if (!resolver) {
    resolver = dohResolver({ baseUrl });
    resolvers.set(baseUrl, resolver);
  }
  return resolver;
}

/** The URL policy of this deployment's environment, with the configured resolver. */
export function checkUrlFor(
  config: Pick<Config, "ENVIRONMENT" | "WEBHOOK_DNS_RESOLVER_URL">,
  url: string,
): Promise<UrlCheck> {
  return checkWebhookUrl(url, { environment: config.ENVIRONMENT, resolve: configuredResolver(config) });
}

/** The normalised URL when webhooks may be sent there; else 422 WEBHOOK_URL_FORBIDDEN naming the reason. */
export async function requireAllowedUrl(
  config: Pick<Config, "ENVIRONMENT" | "WEBHOOK_DNS_RESOLVER_URL">,
  url: string,
): Promise<string> {
  const check = await checkUrlFor(config, url);
  if (check.ok) return check.url.href;
  throw new ApiError("WEBHOOK_URL_FORBIDDEN", {
    detail: `The URL is not allowed (${check.reason}): ${check.detail}`,
    fields: [{ path: "url", message: check.detail, code: check.reason }],
  });
}
