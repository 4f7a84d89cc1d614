import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * Finding a file of the built renderer from a request path, for both ways the page is served
 * (the desktop app's app:// protocol and browser mode's loopback HTTP). Nothing outside the
 * renderer folder is ever reachable: no `..`, no encoded separators, no symlink pointing out.
 */
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

export type RendererPathResolution = { ok: true; filePath: string } | { ok: false; status: 400 | 403 | 404; reason: string };

export type RendererFile = { ok: true; filePath: string; size: number; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** The file a URL path names inside the renderer folder, judged on the path alone. */
export function resolveRendererPath(rawPath: string, rootDir: string): RendererPathResolution {
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

/** Resolves the path, then follows symlinks and checks again, so a link planted in the folder cannot lead out. */
export async function findRendererFile(rawPath: string, rootDir: string): Promise<RendererFile> {
  const resolved = resolveRendererPath(rawPath, rootDir);
  if (!resolved.ok) return resolved;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(resolve(rootDir)), realpath(resolved.filePath)]);
    if (!isInside(realRoot, realFile)) return { ok: false, status: 403, reason: 'path leaves the app folder' };
    const info = await stat(realFile);
    if (!info.isFile()) return { ok: false, status: 404, reason: 'Not found' };
    return { ok: true, filePath: realFile, size: info.size, contentType: CONTENT_TYPES[extname(realFile)] ?? 'application/octet-stream' };
  } catch {
    return { ok: false, status: 404, reason: 'Not found' };
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
