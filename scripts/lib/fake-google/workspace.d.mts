/** Types of the in-memory Google Sheets and Drive fake, for the TypeScript tests that drive it. */

export type FakeFault = "401" | "403" | "403-scope" | "404" | "429" | "503" | "timeout";

export interface FakeRequest {
  method: string;
  url: string;
  headers?: Record<string, string | undefined>;
  body?: string;
}

export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  hang?: boolean;
}

/** A cell as stored: a value written RAW, or `{ formula }` when Sheets would evaluate it. */
export type FakeCell = string | number | boolean | { formula: string };

export interface InspectedSheet {
  title: string;
  sheetId: number;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  values: FakeCell[][];
  boldRows: number[];
}

export interface InspectedPermission {
  id: string;
  type: string;
  role: string;
  emailAddress?: string;
  sendNotificationEmail: boolean;
}

export interface InspectedSpreadsheet {
  spreadsheetId: string;
  title: string;
  parents: string[];
  permissions: InspectedPermission[];
  createdByApp: boolean;
  appProperties: Record<string, string>;
  sheets: InspectedSheet[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export declare class FakeGoogleWorkspace {
  requests: RecordedRequest[];
  revokedTokens: Set<string>;
  rootFolderId: string;
  failNext(fault: FakeFault, options?: { times?: number; retryAfter?: number }): void;
  addFolder(name?: string): string;
  addSpreadsheet(input?: {
    title?: string;
    sheetTitle?: string;
    rows?: FakeCell[][];
    rowCount?: number;
  }): string;
  inspect(id: string): InspectedSpreadsheet | null;
  handle(request: FakeRequest, options?: { fault?: FakeFault | null; retryAfter?: number }): FakeAnswer;
}
