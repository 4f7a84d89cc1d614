import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { RENDERER_CSP_HEADER } from '../shared/csp';

/**
 * The renderer is served from `app://incident-console/` rather than `file://`: a file URL would
 * give the page the whole disk as its origin, while this scheme serves only the built renderer
 * folder and refuses anything that resolves outside it. No Electron import, so tests run it as is.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'incident-console';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Privileges for `protocol.registerSchemesAsPrivileged`: a standard, secure origin; never bypassCSP. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  allowServiceWorkers: false,
  bypassCSP: false,
  corsEnabled: false,
  stream: false,
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type AppPathResolution = { ok: true; filePath: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** Is this URL our app's own page? (Node's URL gives non-special schemes a "null" origin, so compare parts.) */
export function isAppProtocolUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/**
 * Maps an app:// URL to a file under rootDir, lexically. Refuses other hosts, encoded
 * separators, NUL bytes and any path that leaves rootDir (`..`, absolute, drive letters).
 */
export function resolveAppPath(url: string, rootDir: string): AppPathResolution {
  if (!isAppProtocolUrl(url)) return { ok: false, status: 403, reason: 'not an app:// URL of this console' };
  const rawPath = new URL(url).pathname;
  // Encoded slashes, backslashes or NULs have no business in our asset names; refuse rather than guess.
  if (/%2f|%5c|%00/i.test(rawPath) || rawPath.includes('\\')) return { ok: false, status: 400, reason: 'encoded separator in path' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed path' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (isAbsolute(relativePath) || /^[a-zA-Z]:/.test(relativePath)) return { ok: false, status: 403, reason: 'absolute path' };
  const root = resolve(rootDir);
  const filePath = resolve(join(root, relativePath));
  if (!isInside(root, filePath)) return { ok: false, status: 403, reason: 'path leaves the app folder' };
  return { ok: true, filePath };
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Answers one app:// request. Symlinks are resolved and checked again, so a link planted in the
 * folder cannot point outside it. Every answer carries the CSP as a header too.
 */
export async function serveAppRequest(request: Pick<Request, 'url' | 'method'>, rootDir: string): Promise<Response> {
  const headers = { 'Content-Security-Policy': RENDERER_CSP_HEADER, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers });
  const resolved = resolveAppPath(request.url, rootDir);
  if (!resolved.ok) return new Response(resolved.reason, { status: resolved.status, headers });
  try {
    const [realRoot, realFile] = await Promise.all([realpath(resolve(rootDir)), realpath(resolved.filePath)]);
    if (!isInside(realRoot, realFile)) return new Response('path leaves the app folder', { status: 403, headers });
    if (!(await stat(realFile)).isFile()) return new Response('Not found', { status: 404, headers });
    const body = request.method === 'HEAD' ? null : await readFile(realFile);
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'Content-Type': CONTENT_TYPES[extname(realFile)] ?? 'application/octet-stream' },
    });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}

/** The slice of Electron's `protocol` module this file uses, so tests can pass a recorder. */
export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void;
}

export function handleAppProtocol(protocol: ProtocolLike, rootDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rootDir));
}
