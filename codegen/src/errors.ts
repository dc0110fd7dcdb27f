// Errors a user can act on: which spec file, where in it (a JSON pointer), and what is wrong.
// The CLI prints these one per line and never a stack trace.

export interface SpecProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

export class CodegenError extends Error {
  readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'CodegenError';
    this.problems = problems;
  }
}

export function formatProblem(p: SpecProblem): string {
  return `${p.file}#${p.pointer}: ${p.message}`;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(...segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${escapePointer(String(s))}`).join('');
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The emitted code failed the in-memory type check (--verify): a generator bug, not a spec error. */
export class VerifyError extends Error {
  readonly problems: readonly { file: string; message: string }[];

  constructor(problems: readonly { file: string; message: string }[]) {
    super(`generated code does not type-check:\n${problems.slice(0, 50).map((p) => `${p.file}: ${p.message}`).join('\n')}`);
    this.name = 'VerifyError';
    this.problems = problems;
  }
}
