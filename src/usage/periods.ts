/** A quota month: the calendar month in UTC, `2026-12`. */
export function periodOf(at: number | Date): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** A usage day in UTC, `2026-12-03`. */
export function dayOf(at: number | Date): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** When the month of `at` ends and the quota starts afresh: the first of the next month, 00:00 UTC. */
export function periodReset(at: number | Date): Date {
  const date = new Date(at);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

/** The day `days - 1` days before `at`: the first of the last `days` days. */
export function daysBack(at: number | Date, days: number): string {
  return dayOf(new Date(at).getTime() - (days - 1) * 24 * 60 * 60 * 1000);
}
