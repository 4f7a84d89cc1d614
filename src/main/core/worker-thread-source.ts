import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `new Worker` is given for a worker thread's file: a URL, or a bootstrap to evaluate. */
export interface WorkerThreadSource {
  source: string | URL;
  eval: boolean;
}

/**
 * The source of the worker thread `name` (a file beside the module at `near`, its import.meta.url):
 * the TypeScript file in the sources (run by tsx, under the tests too), or the JavaScript one beside
 * the built entries (electron-vite and the benches' Vite build make it an entry of its own).
 * Undefined when neither is there: the caller then does the work on its own thread.
 *
 * A worker started from the sources needs tsx's loader, which a worker thread does not inherit: a
 * bootstrap registers it first (tsx's ESM API), then imports the worker. Start it with
 * `execArgv: []`: under `node --import tsx` every thread would otherwise load tsx's hooks a
 * second time, about 100 ms before its first line.
 */
export function workerThreadSource(name: string, near: string): WorkerThreadSource | undefined {
  for (const candidate of [`./${name}.ts`, `./${name}.js`, `../${name}.js`]) {
    const url = new URL(candidate, near);
    if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) continue;
    if (!candidate.endsWith('.ts')) return { source: url, eval: false };
    const tsxApi = new URL('./dist/esm/api/index.mjs', pathToFileURL(createRequire(near).resolve('tsx/package.json')));
    return {
      source: `import(${JSON.stringify(tsxApi.href)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`,
      eval: true,
    };
  }
  return undefined;
}
