import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** The packages a module loads at run time, through every relative import it makes (`import type` loads nothing). */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      const isImport = ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly;
      const isExport = ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier !== undefined;
      if (!isImport && !isExport) continue;
      const specifier = ((statement as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier as ts.StringLiteral).text;
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const base = resolve(dirname(file), specifier);
      const resolved = [`${base}.ts`, join(base, 'index.ts'), base].find((path) => existsSync(path));
      if (!resolved) throw new Error(`${file} imports ${specifier}, which resolves to no file`);
      visit(resolved);
    }
  };
  visit(join(ROOT, entry));
  return packages;
}

// Each of these starts in a worker thread of its own for every verification, and `npm run verify`
// runs under tsx, where importing zod took a thread 0.2 s of its start (bench/README.md).
describe("a worker thread's modules", () => {
  it.each(['src/main/core/journal/chain-part-worker.ts', 'src/main/core/reports/bundle-part-worker.ts', 'src/main/core/journal/digest-worker.ts'])(
    '%s loads no zod',
    (entry) => {
      const packages = packagesLoadedBy(entry);
      expect(packages.size).toBeGreaterThan(0);
      expect([...packages].filter((name) => name === 'zod' || name.startsWith('zod/'))).toEqual([]);
    },
  );
});
