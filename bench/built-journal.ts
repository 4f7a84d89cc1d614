/**
 * The journal as the app runs it: `Journal`, `verifyBundle` and the worker threads of a chain walk and of a bundle's hashing
 * compiled to JavaScript by Vite, as electron-vite builds the app (`electron.vite.config.ts`: the worker an
 * entry of its own beside the others, shared code in `chunks/`). Run from the TypeScript sources
 * under tsx instead, every worker thread first starts tsx's loader and compiles its modules
 * again: about 100 ms more per walk that the app never spends.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import type { Journal } from '../src/main/core/journal/journal';
import type { verifyBundle, verifyBundleInParallel } from '../src/main/core/reports/bundle-verification';

const OUT_DIR = join(import.meta.dirname, '..', 'out', 'bench-journal');

export interface BuiltJournal {
  Journal: typeof Journal;
  verifyBundle: typeof verifyBundle;
  verifyBundleInParallel: typeof verifyBundleInParallel;
}

export async function builtJournal(): Promise<BuiltJournal> {
  const source = (path: string) => join(import.meta.dirname, '..', 'src', 'main', 'core', path);
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: {
        input: {
          journal: source('journal/journal.ts'),
          'bundle-verification': source('reports/bundle-verification.ts'),
          'chain-part-worker': source('journal/chain-part-worker.ts'),
          'digest-worker': source('journal/digest-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
  const entry = (name: string) => import(pathToFileURL(join(OUT_DIR, `${name}.js`)).href);
  const [journal, bundles] = await Promise.all([entry('journal'), entry('bundle-verification')]);
  const { verifyBundle, verifyBundleInParallel } = bundles as BuiltJournal;
  return { Journal: (journal as BuiltJournal).Journal, verifyBundle, verifyBundleInParallel };
}
