import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppProtocol, resolveAppPath, serveAppRequest } from '../../src/main/app-protocol';
import { RENDERER_CSP, RENDERER_CSP_HEADER } from '../../src/shared/csp';

// The app:// scheme serves the built renderer folder and nothing else. A real folder on disk
// (with a secret beside it and a symlink pointing out of it) checks the refusal end to end.
let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'incident-console-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string) => serveAppRequest({ url, method: 'GET' }, root);

describe('the renderer CSP', () => {
  const directives = RENDERER_CSP.split(';').map((part) => part.trim());

  it('has no unsafe-inline, unsafe-eval, wildcard or remote source', () => {
    expect(RENDERER_CSP_HEADER).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*|https?:|ws:/);
    expect(directives).toContain("default-src 'none'");
    expect(directives).toContain("script-src 'self'");
    expect(directives).toContain("object-src 'none'");
    expect(directives).toContain("base-uri 'none'");
    expect(RENDERER_CSP_HEADER).toContain("frame-ancestors 'none'");
  });

  it('is the one in index.html’s meta tag', () => {
    const html = readFileSync(join(__dirname, '../../src/renderer/index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]).toBe(RENDERER_CSP);
  });

  it('is sent as a header with every app:// answer, found or refused', async () => {
    for (const url of ['app://incident-console/', 'app://incident-console/missing.js', 'app://incident-console/../secret.txt']) {
      expect((await get(url)).headers.get('content-security-policy'), url).toBe(RENDERER_CSP_HEADER);
    }
  });
});

describe('the app:// protocol', () => {
  it('is registered as a standard secure scheme that does not bypass the CSP', () => {
    expect(APP_SCHEME).toBe('app');
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, corsEnabled: false, allowServiceWorkers: false });
  });

  it('serves the index and assets with their content types', async () => {
    const index = await get('app://incident-console/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<title>ok</title>');
    const script = await get('app://incident-console/assets/index.js?v=1');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('refuses every way out of the renderer folder', async () => {
    const attempts = [
      'app://incident-console/../secret.txt',
      'app://incident-console/%2e%2e/secret.txt',
      'app://incident-console/assets/%2e%2e/%2e%2e/secret.txt',
      'app://incident-console/..%2fsecret.txt',
      'app://incident-console/..%5csecret.txt',
      'app://incident-console/assets/..%252f..%252fsecret.txt',
      'app://incident-console/%00index.html',
      'app://incident-console//etc/passwd',
      'app://incident-console/assets/link.txt',
      'app://other-host/index.html',
      'file:///etc/passwd',
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('TOP SECRET');
    }
  });

  it('resolves paths lexically inside the root before touching the disk', () => {
    expect(resolveAppPath('app://incident-console/assets/index.js', root)).toEqual({ ok: true, filePath: join(root, 'assets', 'index.js') });
    expect(resolveAppPath('app://incident-console/', root)).toEqual({ ok: true, filePath: join(root, 'index.html') });
    // The URL parser already folds dot segments (even encoded ones) at the root: they stay inside.
    expect(resolveAppPath('app://incident-console/%2e%2e/secret.txt', root)).toEqual({ ok: true, filePath: join(root, 'secret.txt') });
    expect(resolveAppPath('app://incident-console/..%2fsecret.txt', root)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath('app://incident-console/C:/Windows/win.ini', root)).toMatchObject({ ok: false, status: 403 });
  });

  it('answers only GET and HEAD', async () => {
    expect((await serveAppRequest({ url: 'app://incident-console/', method: 'POST' }, root)).status).toBe(405);
    const head = await serveAppRequest({ url: 'app://incident-console/', method: 'HEAD' }, root);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('is installed on the scheme it was registered as', async () => {
    const handlers = new Map<string, (request: Request) => Promise<Response> | Response>();
    handleAppProtocol({ handle: (scheme, handler) => void handlers.set(scheme, handler) }, root);
    expect([...handlers.keys()]).toEqual(['app']);
    const response = await handlers.get('app')!(new Request('app://incident-console/index.html'));
    expect(response.status).toBe(200);
  });
});
