// The generator as a library: generate() builds everything in memory; the CLI decides
// whether to write or compare.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { emit, MARKER_FILE, type FileMap } from './emit/index.js';
import { emitOpenApi } from './emit/openapi/index.js';
import { sortedFileMap } from './emit/file-map.js';
import { CodegenError, VerifyError } from './errors.js';
import { loadSpecs } from './load/index.js';
import { buildModel, type ApiModel } from './model/index.js';
import { manifestText, sha256 } from './manifest.js';
import { generatorId, runtimeFromRoot as runtimeFrom } from './quick-check.js';
import { typeCheck } from './verify.js';

export { CodegenError, VerifyError, formatProblem, type SpecProblem } from './errors.js';
export type { FileMap } from './emit/index.js';
export { MARKER_FILE } from './emit/index.js';
export { writeOutput, checkOutput, isCurrent, OutputFolderError, type CheckResult } from './write/index.js';
export type { ApiModel } from './model/index.js';

export { RUNTIME_API, quickCheck } from './quick-check.js';

export interface GenerateOptions {
  readonly cwd: string;
  /** Spec files or folders. */
  readonly specs: readonly string[];
  /** Output folder (absolute or relative to cwd). */
  readonly outDir: string;
  /** Type-check the output in memory before returning it. */
  readonly verify?: boolean;
}

export interface GenerateResult {
  readonly model: ApiModel;
  readonly files: FileMap;
}

export function generate(options: GenerateOptions): GenerateResult {
  const outDir = resolve(options.cwd, options.outDir);
  for (const s of options.specs) {
    if (!existsSync(resolve(options.cwd, s))) throw new CodegenError([{ file: s, pointer: '', message: 'no such file or directory' }]);
  }
  const specs = loadSpecs({ cwd: options.cwd, inputs: options.specs });
  const model = buildModel(specs);
  const runtimeFromRoot = runtimeFrom(outDir);
  const emitted = new Map([...emit(model, { runtimeFromRoot, inputs: specs.documents.map((d) => d.displayName) }), ...emitOpenApi(specs)]);
  const marker = manifestText({
    generator: generatorId(outDir),
    inputs: specs.inputs,
    documents: new Map(specs.documents.map((d) => [d.displayName, d.sha256])),
    files: new Map([...emitted].map(([path, text]) => [path, sha256(text)])),
  });
  const files = sortedFileMap(new Map([...emitted, [MARKER_FILE, marker]]));
  if (options.verify) {
    const problems = typeCheck(outDir, files);
    if (problems.length > 0) throw new VerifyError(problems);
  }
  return { model, files };
}
