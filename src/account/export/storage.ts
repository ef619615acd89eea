/** Days a finished export ZIP (and its row) is kept. */
export const EXPORT_RETENTION_DAYS = 7;

/** Hours a download link handed out by `GET /account/exports/{id}` stays valid. */
export const DOWNLOAD_LINK_HOURS = 24;

/** The R2 prefix of a user's export ZIPs. */
export const exportPrefix = (userId: string) => `account-exports/${userId}`;

/** Where one export's ZIP is stored. */
export const exportKey = (userId: string, exportId: string) => `${exportPrefix(userId)}/${exportId}.zip`;

/** What the owner of a failed export reads. */
export const EXPORT_FAILED_MESSAGE = "The export could not be built; ask for a new one.";
