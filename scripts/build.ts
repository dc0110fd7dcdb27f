// Bundles the server into one ES module (dist/server/main.mjs) so `npm start` loads one file
// instead of transpiling hundreds at start-up; npm packages stay external.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

function git(...args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
const status = git('status', '--porcelain', '--untracked-files=no');

await build({
  entryPoints: ['runtime/server/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  // Dynamic imports become chunks of their own, so what they pull in (the etcd client and its
  // gRPC stack) is loaded only when used.
  splitting: true,
  // dist/server/ is two levels below the repository root, like runtime/server/ is, so the
  // relative path to package.json (read for the version) stays valid.
  outdir: 'dist/server',
  entryNames: 'main',
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  sourcemap: 'linked',
  logLevel: 'warning',
  // What /version reports as gitCommit and buildDate.
  define: {
    CAPSTAN_BUILD_DATE: JSON.stringify(new Date().toISOString().replace(/\.\d+Z$/, 'Z')),
    CAPSTAN_GIT_COMMIT: JSON.stringify(git('rev-parse', 'HEAD') ?? ''),
    CAPSTAN_GIT_TREE_STATE: JSON.stringify(status === null ? '' : status === '' ? 'clean' : 'dirty'),
  },
});
