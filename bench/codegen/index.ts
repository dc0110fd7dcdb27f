// Codegen timing: the specs/ set and the full upstream document, each against a baseline
// measured in the same run (parsing the same inputs, which every generator must do).
//   node --import tsx bench/codegen/index.ts [--rounds N]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkOutput, generate } from '../../codegen/src/index.js';
import { loadSpecs } from '../../codegen/src/load/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SWAGGER = join(ROOT, '..', 'shared', 'kube-openapi', 'swagger.json');
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg === -1 ? 3 : Number(process.argv[roundsArg + 1]);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

function specFiles(): string[] {
  return loadSpecs({ cwd: ROOT, inputs: ['specs'] }).documents.map((d) => d.path);
}

function report(name: string, ms: number, baseline: number, baselineName: string): void {
  console.log(`${name.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms   ${(ms / baseline).toFixed(1).padStart(6)}x ${baselineName} (${baseline.toFixed(1)} ms)`);
}

// Warm the module graph (typescript, openapi-typescript) once so rounds measure generation.
const startup = performance.now();
generate({ cwd: ROOT, specs: ['test/codegen/fixtures/basic'], outDir: 'test/codegen/golden/basic' });
console.log(`${'first run incl. module loading'.padEnd(34)} ${(performance.now() - startup).toFixed(0).padStart(7)} ms`);

if (existsSync(join(ROOT, 'specs'))) {
  const files = specFiles();
  const parse = time(() => {
    for (const f of files) parseYaml(readFileSync(f, 'utf8'));
  });
  report('specs/ generate', time(() => generate({ cwd: ROOT, specs: ['specs'], outDir: 'generated' })), parse, 'YAML.parse');
  report('specs/ --check (generate+compare)', time(() => checkOutput(join(ROOT, 'generated'), generate({ cwd: ROOT, specs: ['specs'], outDir: 'generated' }).files)), parse, 'YAML.parse');
}

// What CI pays: a cold `codegen --check` process against a cold `node --import tsx -e 0`.
function spawnMs(args: string[]): number {
  return time(() => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: 'ignore' });
    if (r.status !== 0 && args[0] !== '-e') console.log(`  (exit ${r.status}: generated/ is not current)`);
  });
}
if (existsSync(join(ROOT, 'specs')) && existsSync(join(ROOT, 'generated'))) {
  const bare = spawnMs(['-e', '0']);
  report('CLI --check, cold process', spawnMs(['codegen/src/cli.ts', '--check', '--quiet']), bare, 'node+tsx startup');
}

if (existsSync(SWAGGER)) {
  const parse = time(() => JSON.parse(readFileSync(SWAGGER, 'utf8')));
  report('upstream swagger generate', time(() => generate({ cwd: ROOT, specs: [SWAGGER], outDir: '/tmp/capstan-bench-out' })), parse, 'JSON.parse');
} else {
  console.log(`upstream document ${SWAGGER} absent; skipped`);
}
