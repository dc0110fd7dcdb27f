// Bundles the server into one ES module (dist/server/main.mjs) so `npm start` loads one file
// instead of transpiling hundreds at start-up; npm packages stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['runtime/server/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  // dist/server/ is two levels below the repository root, like runtime/server/ is, so the
  // relative path to package.json (read for the version) stays valid.
  outfile: 'dist/server/main.mjs',
  sourcemap: 'linked',
  logLevel: 'warning',
});
