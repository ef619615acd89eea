import { historyVersion } from "../jobs/history-version/client";
import { digestTag } from "../lib/etag";
import type { HistoryQuery } from "./list-history";

/** Bump when a history page's JSON changes shape for the same rows, so that every client fetches it again. */
const LIST_REPRESENTATION = "1";

/**
 * The weak ETag of one history page: the user's history version and the page's query, so that each URL has its
 * own tag and a tag of one user never names another's page. Null when the version cannot be read: the page is
 * then sent without one. Read it before the page's query, never beside it: a write committed in between bumps
 * the version after this read, so a tag may be older than the page it comes with (the client fetches the page
 * once more), never newer.
 */
export async function historyPageEtag(
  env: Pick<Env, "HISTORY_VERSION">,
  userId: string,
  query: HistoryQuery,
): Promise<string | null> {
  const version = await historyVersion(env, userId);
  if (!version) return null;
  const { epoch, version: count } = version;
  return `W/${await digestTag([LIST_REPRESENTATION, userId, epoch, count, query.limit, query.status ?? "", query.cursor ?? ""])}`;
}
