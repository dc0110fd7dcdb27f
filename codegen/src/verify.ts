// --verify: type-check the emitted files in memory (ts-morph) before anything is written.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TsMorph from 'ts-morph';
import type { FileMap } from './emit/file-map.js';

// ts-morph is large and only --verify needs it, so it is loaded on first use.
const require = createRequire(import.meta.url);

export interface TypeCheckProblem {
  readonly file: string;
  readonly message: string;
}

export function typeCheck(outDir: string, files: FileMap): TypeCheckProblem[] {
  const { Project, ts } = require('ts-morph') as typeof TsMorph;
  const project = new Project({
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
    },
    skipAddingFilesFromTsConfig: true,
  });
  for (const [path, text] of files) {
    if (path.endsWith('.ts')) project.createSourceFile(join(outDir, path), text, { overwrite: true });
  }
  return project.getPreEmitDiagnostics().map((d) => {
    const sf = d.getSourceFile();
    const line = d.getLineNumber();
    return {
      file: sf ? `${sf.getFilePath()}${line ? `:${line}` : ''}` : '(project)',
      message: ts.flattenDiagnosticMessageText(d.getMessageText() as string | TsMorph.ts.DiagnosticMessageChain, '\n'),
    };
  });
}
