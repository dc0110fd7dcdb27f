// npm run codegen [-- --spec <file|dir>... --out <dir> --check --verify]
// Exit codes: 0 done (or current), 1 stale output (--check), 2 bad specs or refused output.
// Only light modules are imported up front: a --check whose inputs are unchanged is answered
// from the manifest (quick-check.ts) without loading TypeScript or openapi-typescript.
import { CodegenError, VerifyError } from './errors.js';
import { quickCheck } from './quick-check.js';
import { OutputFolderError, checkOutput, isCurrent, writeOutput, type CheckResult } from './write/index.js';

interface CliArgs {
  specs: string[];
  out: string;
  check: boolean;
  verify: boolean;
  quiet: boolean;
}

const USAGE = 'usage: codegen [--spec <file|dir>]... [--out <dir>] [--check] [--verify] [--quiet]';

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { specs: [], out: 'generated', check: false, verify: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--spec' || a === '--out') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      if (a === '--spec') args.specs.push(v);
      else args.out = v;
    } else if (a === '--check') args.check = true;
    else if (a === '--verify') args.verify = true;
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (args.specs.length === 0) args.specs.push('specs');
  return args;
}

function reportCheck(out: string, result: CheckResult, how: string, quiet: boolean): number {
  if (isCurrent(result)) {
    if (!quiet) console.log(`codegen: ${out} is current (${how})`);
    return 0;
  }
  for (const f of result.stale) console.error(`stale:   ${out}/${f}`);
  for (const f of result.missing) console.error(`missing: ${out}/${f}`);
  for (const f of result.extra) console.error(`extra:   ${out}/${f}`);
  console.error(`codegen: ${out} is out of date; run \`npm run codegen\``);
  return 1;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  try {
    const started = performance.now();
    if (args.check && !args.verify) {
      const quick = quickCheck(process.cwd(), args.specs, args.out);
      if (quick) return reportCheck(args.out, quick, 'inputs unchanged, files match the manifest', args.quiet);
    }
    const { generate } = await import('./index.js');
    const { files, model } = generate({ cwd: process.cwd(), specs: args.specs, outDir: args.out, verify: args.verify });
    if (args.check) return reportCheck(args.out, checkOutput(args.out, files), `regenerated ${files.size} files and compared`, args.quiet);
    const { written, removed } = writeOutput(args.out, files);
    if (!args.quiet) {
      const ms = Math.round(performance.now() - started);
      console.log(`codegen: ${model.resources.length} resources, ${model.schemas.size} schemas -> ${args.out} (${files.size} files, ${written.length} written, ${removed.length} removed, ${ms} ms)`);
    }
    return 0;
  } catch (err) {
    if (err instanceof CodegenError) {
      for (const p of err.problems) console.error(`${p.file}#${p.pointer}: ${p.message}`);
      console.error(`codegen: ${err.problems.length} problem(s) in the specs; nothing was written`);
      return 2;
    }
    if (err instanceof OutputFolderError || err instanceof VerifyError) {
      console.error(`codegen: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
