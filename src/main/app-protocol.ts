import { readFile } from 'node:fs/promises';
import { RENDERER_CSP_HEADER } from '../shared/csp';
import { findRendererFile, resolveRendererPath, type RendererPathResolution } from './renderer-files';

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
export function resolveAppPath(url: string, rootDir: string): RendererPathResolution {
  if (!isAppProtocolUrl(url)) return { ok: false, status: 403, reason: 'not an app:// URL of this console' };
  return resolveRendererPath(new URL(url).pathname, rootDir);
}

/**
 * Answers one app:// request. Symlinks are resolved and checked again, so a link planted in the
 * folder cannot point outside it. Every answer carries the CSP as a header too.
 */
export async function serveAppRequest(request: Pick<Request, 'url' | 'method'>, rootDir: string): Promise<Response> {
  const headers = { 'Content-Security-Policy': RENDERER_CSP_HEADER, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers });
  if (!isAppProtocolUrl(request.url)) return new Response('not an app:// URL of this console', { status: 403, headers });
  const file = await findRendererFile(new URL(request.url).pathname, rootDir);
  if (!file.ok) return new Response(file.reason, { status: file.status, headers });
  const body = request.method === 'HEAD' ? null : await readFile(file.filePath);
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': file.contentType } });
}

/** The slice of Electron's `protocol` module this file uses, so tests can pass a recorder. */
export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void;
}

export function handleAppProtocol(protocol: ProtocolLike, rootDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rootDir));
}
