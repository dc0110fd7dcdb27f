// Relative import specifiers between generated files (and to the runtime).
import { posix } from 'node:path';

// Paths are relative to the output root and may climb above it (to the runtime), so they are
// resolved under a deep fake root instead of the process's working directory.
const FAKE_ROOT = `/${Array.from({ length: 32 }, () => 'r').join('/')}`;

/** Import specifier from the file `fromFile` to `toFile` (both relative to the output root), `.js` ending. */
export function importPath(fromFile: string, toFile: string): string {
  const from = posix.dirname(posix.join(FAKE_ROOT, fromFile));
  let rel = posix.relative(from, posix.join(FAKE_ROOT, toFile)).replace(/\.ts$/, '.js');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}
