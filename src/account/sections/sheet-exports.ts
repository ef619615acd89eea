import { sheetExports } from "../../db/schema";
import { exportView } from "../../exports/export-view";
import type { DataSection } from "../data-section";
import { eraseRows, userRows } from "./user-rows";

/** Exports of jobs to Google Sheets: `exports.json`; the spreadsheets themselves are in the user's Drive. */
export const sheetExportsSection: DataSection = {
  name: "sheet_exports",
  tables: ["exports"],
  file: {
    name: "exports.json",
    describe:
      "Your exports of jobs to Google Sheets, as GET /api/v1/exports/{id} shows them; the spreadsheets stay in your Google Drive.",
    async rows({ db }, userId) {
      const rows = await userRows(db, sheetExports, userId);
      return rows.map(exportView);
    },
  },
  erase: eraseRows(sheetExports, sheetExports.userId),
};
