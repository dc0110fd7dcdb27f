// CPU time a process has used (all its threads, user + system), read from /proc. Throughput on
// this shared 2-core machine swings with whatever else runs; the server's CPU per request does
// not, so it is measured beside req/s. Linux only: elsewhere it answers null and is left out.
import { readFileSync } from 'node:fs';

// USER_HZ is 100 on every Linux the project runs on (getconf CLK_TCK).
const TICKS_PER_SECOND = 100;

export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in field 2 may hold spaces; the fields after its closing ")" are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}
