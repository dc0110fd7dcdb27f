// The process_* families every Prometheus client exports, read at scrape time. The /proc ones
// are Linux-only and simply absent elsewhere, as in Go's client.
import { readdirSync, readFileSync } from 'node:fs';
import { CollectedFamily, type CollectedSample, type MetricFamily } from './registry.js';

const single = (read: () => number | undefined) => (): CollectedSample[] => {
  let value: number | undefined;
  try {
    value = read();
  } catch {
    value = undefined;
  }
  return value === undefined || !Number.isFinite(value) ? [] : [{ values: [], value }];
};

// performance.timeOrigin is when this process started, in ms since the epoch; it never changes.
const START_SECONDS = performance.timeOrigin / 1000;

function maxOpenFiles(): number | undefined {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === undefined) return undefined;
  return soft === 'unlimited' ? Infinity : Number(soft);
}

function virtualMemoryBytes(): number | undefined {
  // The command name (field 2) may hold spaces, so count fields from its closing parenthesis.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // vsize is field 23 of the whole line; fields[0] here is field 3.
  const vsize = fields[20];
  return vsize === undefined ? undefined : Number(vsize);
}

export function processFamilies(): MetricFamily[] {
  return [
    new CollectedFamily(
      { name: 'process_cpu_seconds_total', help: 'User and system CPU time this process has used, in seconds.', type: 'counter' },
      single(() => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1e6;
      }),
    ),
    new CollectedFamily(
      { name: 'process_resident_memory_bytes', help: 'Resident set size of this process, in bytes.', type: 'gauge' },
      single(() => process.memoryUsage.rss()),
    ),
    new CollectedFamily(
      { name: 'process_virtual_memory_bytes', help: 'Virtual memory size of this process, in bytes.', type: 'gauge' },
      single(virtualMemoryBytes),
    ),
    new CollectedFamily(
      { name: 'process_start_time_seconds', help: 'When this process started, in seconds since the Unix epoch.', type: 'gauge' },
      single(() => START_SECONDS),
    ),
    new CollectedFamily(
      { name: 'process_open_fds', help: 'File descriptors this process holds open.', type: 'gauge' },
      single(() => readdirSync('/proc/self/fd').length),
    ),
    new CollectedFamily(
      { name: 'process_max_fds', help: 'The most file descriptors this process may open.', type: 'gauge' },
      single(maxOpenFiles),
    ),
  ];
}
