// Memory of the workerd process, read from /proc (Linux): find it among this process's descendants and sample
// its resident set size (RSS) while a scenario runs.
import { readdirSync, readFileSync } from "node:fs";

const SAMPLE_MS = 100;

/** `{ pid, ppid, comm }` of every process, or [] where /proc is not readable. */
function processes() {
  const list = [];
  let entries = [];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return list;
  }
  for (const pid of entries) {
    try {
      // /proc/<pid>/stat is "pid (comm) state ppid …"; comm may contain spaces, so split after the last ")".
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      list.push({ pid: Number(pid), ppid, comm });
    } catch {
      // The process ended while we were listing.
    }
  }
  return list;
}

/** Pids of the workerd processes started (directly or not) by this Node process. */
export function workerdPids() {
  const all = processes();
  const descendants = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const { pid, ppid } of all) {
      if (descendants.has(ppid) && !descendants.has(pid)) {
        descendants.add(pid);
        grew = true;
      }
    }
  }
  return all.filter(({ pid, comm }) => comm === "workerd" && descendants.has(pid)).map(({ pid }) => pid);
}

/** Resident set size of a process in MB, or null when it cannot be read. */
export function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every 100 ms until `stop()`, which returns the peak in MB (null if unreadable). */
export function sampleRss(pid) {
  let peak = pid ? rssMb(pid) : null;
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now !== null && (peak === null || now > peak)) peak = now;
  }, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
