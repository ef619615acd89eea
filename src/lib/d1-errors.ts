/** Whether a D1 write failed on a UNIQUE constraint; drizzle wraps the D1 error, so the message may sit in a cause. */
export function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.message.includes("UNIQUE constraint failed")) return true;
  }
  return false;
}
