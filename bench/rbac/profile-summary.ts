// Reads the .cpuprofile files `node --cpu-prof` wrote and names the functions with the most
// self time, plus the share of samples spent inside authorization, so a run with --profile
// says where a server spent its CPU without opening DevTools. The profile's share does not
// move with the machine's load the way req/s does.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Frames counted as authorization: the filter and every authorizer's authorize(). */
const AUTHORIZATION = /authoriz/i;
/** Samples that are the process idling, left out of the shares. */
const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

export async function summarizeProfiles(dir: string, top = 20): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return ['(no profile written)'];
  const selfMicros = new Map<string, number>();
  let busy = 0;
  let inAuthorization = 0;
  let gc = 0;
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const authorizing = new Map<number, boolean>();
    const underAuthorization = (id: number): boolean => {
      const known = authorizing.get(id);
      if (known !== undefined) return known;
      const p = parent.get(id);
      const yes = AUTHORIZATION.test(byId.get(id)!.callFrame.functionName) || (p !== undefined && underAuthorization(p));
      authorizing.set(id, yes);
      return yes;
    };
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(garbage collector)') gc += delta;
      if (IDLE.has(frame.functionName) && frame.functionName !== '(garbage collector)') return;
      busy += delta;
      if (underAuthorization(id)) inAuthorization += delta;
      const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1')}:${frame.lineNumber + 1}` : '';
      const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
      selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
    });
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  return [
    `busy ${(busy / 1e6).toFixed(1)} s of CPU samples (idle left out); garbage collector ${pct(gc)}`,
    `inside a function named /authoriz/i (inclusive): ${pct(inAuthorization)}`,
    'top self time:',
    ...[...selfMicros.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${pct(us)}  ${name}`),
  ];
}
