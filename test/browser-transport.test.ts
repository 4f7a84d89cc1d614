import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../src/main/serve';
import { createTestConsole, type TestConsole } from './support/console';
import { rawRequest } from './support/http';

let testConsole: TestConsole;
let server: BrowserServer;
let staticDir: string;

beforeAll(async () => {
  testConsole = await createTestConsole();
  staticDir = mkdtempSync(join(tmpdir(), 'incident-console-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Incident Console</title>');
  const outside = mkdtempSync(join(tmpdir(), 'incident-console-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'not for the page');
  symlinkSync(join(outside, 'secret.txt'), join(staticDir, 'planted-link.txt'));
  server = await startBrowserServer({ core: testConsole.core, staticDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await testConsole.dispose();
});

const host = () => `127.0.0.1:${server.port}`;
const authorized = () => ({ Host: host(), Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' });

function callRpc(method: string, body: string, headers: Record<string, string> = authorized()) {
  return rawRequest({ port: server.port, path: `/rpc/${method}`, method: 'POST', headers, body });
}

describe('browser mode transport', () => {
  it('listens on loopback only and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers app.info through the contract', async () => {
    const response = await callRpc('app.info', '{}');
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.ok).toBe(true);
    expect(body.result).toMatchObject({ mode: 'browser', dataDir: testConsole.dataDir, operator: 'test-operator' });
  });

  it('refuses a call without the token', async () => {
    const response = await callRpc('app.info', '{}', { Host: host(), 'Content-Type': 'application/json' });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).error.code).toBe('UNAUTHORIZED');
  });

  it('refuses a call with a wrong token of the right length', async () => {
    const wrong = server.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    const response = await callRpc('app.info', '{}', { ...authorized(), Authorization: `Bearer ${wrong}` });
    expect(response.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const response = await callRpc('app.info', '{}', { ...authorized(), Host: `attacker.example:${server.port}` });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.message).toContain('attacker.example');
  });

  it('refuses a foreign Origin even with the token', async () => {
    const response = await callRpc('app.info', '{}', { ...authorized(), Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.code).toBe('FORBIDDEN');
  });

  it('accepts its own origin', async () => {
    const response = await callRpc('app.info', '{}', { ...authorized(), Origin: `http://127.0.0.1:${server.port}` });
    expect(response.status).toBe(200);
  });

  it('names the field when the input is malformed', async () => {
    const response = await callRpc('app.info', '{"verbose": true}');
    expect(response.status).toBe(400);
    const error = JSON.parse(response.body).error;
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.issues).toEqual([{ path: 'verbose', message: 'Unexpected field' }]);
    expect(error.message).toContain('verbose');
  });

  it('refuses a body that is not JSON', async () => {
    const response = await callRpc('app.info', '{not json');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.message).toContain('not valid JSON');
  });

  it('refuses a call that is not declared as JSON (no simple cross-site form posts)', async () => {
    const response = await callRpc('app.info', '{}', { ...authorized(), 'Content-Type': 'text/plain' });
    expect(response.status).toBe(415);
  });

  it('refuses an unknown method', async () => {
    const response = await callRpc('journal.dropEverything', '{}');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body).error.code).toBe('UNKNOWN_METHOD');
  });

  it('answers 400, not 500, to a method name with a broken percent-escape', async () => {
    for (const method of ['%E0%A4%A', '%', 'app.%ZZinfo']) {
      const response = await callRpc(method, '{}');
      expect({ method, status: response.status }).toEqual({ method, status: 400 });
      expect(JSON.parse(response.body).error).toEqual({ code: 'INVALID_INPUT', message: 'The method name in the path is not valid percent-encoding' });
    }
  });

  it('trades the URL token for an HttpOnly SameSite cookie that then works alone', async () => {
    const first = await rawRequest({ port: server.port, path: `/?token=${server.token}`, headers: { Host: host() } });
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await rawRequest({ port: server.port, path: '/', headers: { Host: host(), Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Incident Console');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('does not serve the page without the token, nor files outside the renderer folder', async () => {
    expect((await rawRequest({ port: server.port, path: '/', headers: { Host: host() } })).status).toBe(401);
    const traversal = await rawRequest({
      port: server.port,
      path: '/..%2f..%2f..%2fetc%2fpasswd',
      headers: { Host: host(), Authorization: `Bearer ${server.token}` },
    });
    expect(traversal.status).toBe(404);
    const link = await rawRequest({ port: server.port, path: '/planted-link.txt', headers: { Host: host(), Authorization: `Bearer ${server.token}` } });
    expect(link.status).toBe(404);
    expect(link.body).not.toContain('not for the page');
  });

  it('pushes contract events over server-sent events', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/events`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    setTimeout(() => testConsole.core.events.emit('app.notice', { level: 'info', message: 'hello from main', at: new Date().toISOString() }), 50);
    let text = '';
    while (!text.includes('hello from main')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toContain('event: app.notice');
    expect(text).toContain('hello from main');
  });
});
