import { eq } from "drizzle-orm";
import { accountExports } from "../../db/schema";
import { deletePrefix } from "../../jobs/storage";
import type { DataSection } from "../data-section";
import { exportPrefix } from "../export/storage";

/** The user's data exports: their rows and ZIPs (an export run still going discards its ZIP on finishing). */
export const accountExportsSection: DataSection = {
  name: "account_exports",
  tables: ["account_exports"],
  async erase({ env, db }, userId) {
    const objects = await deletePrefix(env.PDF_BUCKET, exportPrefix(userId));
    const result = await db.delete(accountExports).where(eq(accountExports.userId, userId)).run();
    return { counts: { rows: result.meta.changes, objects } };
  },
};
