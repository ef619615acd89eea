import { vi } from "vitest";

/** Runs `work` with every console line captured (and silenced); returns the lines, serialised as JSON. */
export async function captureLogs(work: () => Promise<void>): Promise<{ text: string; count: number }> {
  const lines: unknown[][] = [];
  const spies = (["log", "info", "warn", "error"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args)),
  );
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return { text: JSON.stringify(lines), count: lines.length };
}
