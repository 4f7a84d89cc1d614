import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// A scan of the shipped source for the checklist's forbidden patterns, so a later change cannot
// quietly reintroduce them. Comments are stripped first: explaining a rule is not breaking it.
const root = join(__dirname, '../..');
const sourceFiles = walk(join(root, 'src')).filter((file) => /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(file) && !/\.test\./.test(file));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function offenders(pattern: RegExp, allowed: string[] = []): string[] {
  return sourceFiles.map((file) => relative(root, file)).filter((file) => !allowed.includes(file) && pattern.test(code(join(root, file))));
}

describe('static security scan of src/', () => {
  it('scans a real source tree', () => {
    expect(sourceFiles.length).toBeGreaterThan(20);
    expect(sourceFiles.map((file) => relative(root, file))).toContain(join('src', 'main', 'index.ts'));
  });

  it('never calls shell.openExternal or shell.openPath (no untrusted URL can reach the OS)', () => {
    expect(offenders(/\bopenExternal\b|\bopenPath\b|\bshell\s*\.\s*open/)).toEqual([]);
  });

  it('never loosens webPreferences anywhere', () => {
    expect(
      offenders(
        /nodeIntegration\w*\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false|webSecurity\s*:\s*false|allowRunningInsecureContent\s*:\s*true|webviewTag\s*:\s*true|experimentalFeatures\s*:\s*true/,
      ),
    ).toEqual([]);
  });

  it('creates BrowserWindows only in src/main/window.ts', () => {
    expect(offenders(/new\s+(deps\.)?BrowserWindow\s*\(/, [join('src', 'main', 'window.ts')])).toEqual([]);
    expect(offenders(/new\s+BrowserView\s*\(|WebContentsView\s*\(/)).toEqual([]);
  });

  it('loads no remote content and no file:// page, and never bypasses the CSP', () => {
    expect(offenders(/loadURL\s*\(\s*['"`]https?:/)).toEqual([]);
    expect(offenders(/loadFile\s*\(|pathToFileURL\s*\([^)]*renderer/)).toEqual([]);
    expect(offenders(/bypassCSP\s*:\s*true/)).toEqual([]);
  });

  it('uses no eval-like construct and no disabled sandbox switch', () => {
    expect(offenders(/\beval\s*\(|new\s+Function\s*\(|['"]--no-sandbox['"]|disable-web-security|appendSwitch\s*\(\s*['"]no-sandbox/)).toEqual([]);
  });

  it('keeps the sandbox on for every renderer', () => {
    expect(code(join(root, 'src/main/index.ts'))).toMatch(/app\.enableSandbox\(\)/);
  });
});
