import type { DataSection } from "./data-section";
import { accountExportsSection } from "./sections/account";
import { apiKeysSection, googleSection, sessionsSection } from "./sections/auth";
import { batchesSection, webhooksSection } from "./sections/integrations";
import { eventTicketsSection, idempotencySection, jobsSection } from "./sections/jobs";
import { sheetExportsSection } from "./sections/sheet-exports";
import { auditSection, usageSection } from "./sections/usage";
import { profileSection, rateLimitSection, settingsSection } from "./sections/user";

/**
 * Every place that holds a user's data, in the order the deletion erases them (see `DataSection`). The jobs
 * section reads job rows to find their objects, so it runs before anything its rows cascade to is needed; the
 * user row goes last. A new feature adds
 * its section here, before `profileSection`.
 */
export const DATA_SECTIONS: readonly DataSection[] = [
  sheetExportsSection,
  jobsSection,
  batchesSection,
  webhooksSection,
  usageSection,
  auditSection,
  eventTicketsSection,
  idempotencySection,
  accountExportsSection,
  sessionsSection,
  apiKeysSection,
  googleSection,
  settingsSection,
  rateLimitSection,
  profileSection,
];

/** The section named `name`, or undefined. */
export function findSection(name: string): DataSection | undefined {
  return DATA_SECTIONS.find((section) => section.name === name);
}
