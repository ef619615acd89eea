import { SETTINGS_DEFAULTS } from "../settings/settings.schema";

/**
 * The examples of the OpenAPI document: one consistent story (Marie's upload of a novel, halfway through),
 * fixed so that the generated `openapi.json` is the same on every run.
 */
const JOB_ID = "0b6f1d1e-6a52-4a53-9b0e-2f1f7f0d7a11";
const AT = "2026-11-22T10:00:00.000Z";
const self = `/api/v1/jobs/${JOB_ID}`;

export const LINKS_EXAMPLE = {
  self,
  events: `${self}/events`,
  sentences: `${self}/sentences`,
  download: `${self}/download`,
  history: `/api/v1/history/${JOB_ID}`,
};

export const USER_EXAMPLE = {
  id: "6d1f2c9e-3b8a-4a51-8f0e-1c2b3a4d5e6f",
  email: "marie@example.com",
  name: "Marie",
  picture: null,
  role: "user",
  created_at: AT,
  last_login_at: AT,
  has_sheets_access: false,
} as const;

export const TOKEN_RESPONSE_EXAMPLE = {
  access_token: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2ZDFmIn0.c2lnbmF0dXJl",
  refresh_token: "rt_3kQ9aBXy7LmN2pQ4sT6vW8yZ0bD1fH3j",
  token_type: "Bearer",
  expires_in: 900,
  user: USER_EXAMPLE,
} as const;

/** A job's live state halfway through: the data of a `status` event. */
export const JOB_STATUS_EXAMPLE = {
  job_id: JOB_ID,
  status: "processing",
  progress: 40,
  chunks: { total: 5, done: 2, failed: 0 },
  sentence_count: 1412,
  redrives: 0,
  error: null,
  updated_at: "2026-11-22T10:00:03.000Z",
} as const;

export const JOB_ACCEPTED_EXAMPLE = { job_id: JOB_ID, status: "pending", links: LINKS_EXAMPLE } as const;

export const JOB_EXAMPLE = {
  ...JOB_STATUS_EXAMPLE,
  filename: "madame-bovary.pdf",
  file_size: 1843200,
  page_count: 412,
  engine: "offline",
  model: null,
  settings: SETTINGS_DEFAULTS,
  stats: null,
  usage: null,
  warnings: [],
  cached: false,
  created_at: AT,
  started_at: "2026-11-22T10:00:01.000Z",
  completed_at: null,
  links: LINKS_EXAMPLE,
} as const;

export const SENTENCE_PAGE_EXAMPLE = {
  sentences: [
    { index: 0, text: "Nous étions à l'Étude,", page: 1, source_index: 0, fallback: false },
    { index: 1, text: "quand le Proviseur entra.", page: 1, source_index: 0, fallback: false },
  ],
  next_cursor: "2",
};

export const HISTORY_PAGE_EXAMPLE = {
  items: [
    {
      job_id: JOB_ID,
      filename: "madame-bovary.pdf",
      file_size: 1843200,
      page_count: 412,
      status: "completed",
      progress: 100,
      sentence_count: 3530,
      engine: "offline",
      model: null,
      cached: false,
      error_code: null,
      created_at: AT,
      completed_at: "2026-11-22T10:00:09.000Z",
      links: LINKS_EXAMPLE,
    },
  ],
  next_cursor: null,
};
