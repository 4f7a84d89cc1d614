import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RENDERER_CSP_HEADER } from '../shared/csp';
import { ConsoleError, type CallResult, type ErrorPayload, errorMessage } from '../shared/errors';
import type { Core } from './core/compose-core';
import { dispatch } from './core/dispatch';
import { findRendererFile } from './renderer-files';

export interface BrowserServerOptions {
  core: Core;
  staticDir: string;
  port?: number;
  token?: string;
  onInternalError?: (method: string, error: unknown) => void;
}

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const SSE_HEARTBEAT_MS = 15_000;

/**
 * Browser mode: the same contract over loopback HTTP (calls) and server-sent events (pushes).
 * It is as powerful as the desktop app, so it is guarded like a Jupyter server: bound to
 * 127.0.0.1, an unguessable per-run token, Host and Origin checked against DNS rebinding and
 * cross-site requests.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, new ConsoleError('INTERNAL', errorMessage(error)).toPayload());
      else res.end();
    });
  });

  const cookieName = () => `incident_console_${port}`;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    if (!allowedHosts().has(req.headers.host ?? '')) {
      return sendError(res, 403, forbidden(`Host "${req.headers.host ?? ''}" is not this console; use the printed 127.0.0.1 URL`));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      return sendError(res, 403, forbidden(`Requests from origin "${origin}" are refused`));
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return sendError(res, 403, forbidden('Cross-site requests are refused'));
    }

    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    if (req.method === 'GET' && url.pathname === '/' && queryToken !== null) {
      if (!tokenMatches(queryToken)) return sendError(res, 401, unauthorized());
      // Trade the token in the address bar for an HttpOnly cookie, then drop it from the URL.
      res.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(303, { Location: '/' });
      return void res.end();
    }
    if (!tokenMatches(presentedToken(req))) return sendError(res, 401, unauthorized());

    if (url.pathname.startsWith('/rpc/')) {
      const received = performance.now();
      if (req.method !== 'POST') return sendError(res, 405, badRequest('Calls are POST requests'));
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendError(res, 415, badRequest('Calls must be sent as application/json'));
      }
      let methodName: string;
      try {
        methodName = decodeURIComponent(url.pathname.slice('/rpc/'.length));
      } catch {
        return sendError(res, 400, badRequest('The method name in the path is not valid percent-encoding'));
      }
      let input: unknown;
      try {
        input = await readJsonBody(req);
      } catch (error) {
        return sendError(res, 400, badRequest(errorMessage(error)));
      }
      const result = await dispatch(options.core.handlers, methodName, input, { onInternalError: options.onInternalError });
      // The console's own share of a call's round trip, for the page's resource timing (bench:capture splits the two).
      res.setHeader('Server-Timing', `call;dur=${(performance.now() - received).toFixed(2)}`);
      return sendJson(res, statusFor(result), result);
    }
    if (url.pathname === '/events' && req.method === 'GET') return openEventStream(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, badRequest('Method not allowed'));
    return serveStatic(url.pathname, res);
  }

  function tokenMatches(candidate: string | undefined | null): boolean {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  }

  function presentedToken(req: IncomingMessage): string | undefined {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
    const cookies = req.headers.cookie ?? '';
    for (const part of cookies.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === cookieName()) return rest.join('=');
    }
    return undefined;
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    sseClients.add(res);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS);
    const unsubscribe = options.core.events.subscribe((name, payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      sseClients.delete(res);
    });
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const file = await findRendererFile(pathname, options.staticDir);
    if (!file.ok) return sendError(res, 404, { code: 'NOT_FOUND', message: 'Not found' });
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.size });
    createReadStream(file.filePath).pipe(res);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const client of sseClients) client.end();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', RENDERER_CSP_HEADER);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function statusFor(result: CallResult): number {
  if (result.ok) return 200;
  switch (result.error.code) {
    case 'INVALID_INPUT':
      return 400;
    case 'UNKNOWN_METHOD':
      return 404;
    case 'INTERNAL':
    case 'INVALID_OUTPUT':
      return 500;
    default:
      // A service refused the request for a reason it explains (read-only journal, 409 from Powernode…).
      return 422;
  }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ConsoleError('INVALID_INPUT', `Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConsoleError('INVALID_INPUT', 'Request body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: ErrorPayload): void {
  sendJson(res, status, { ok: false, error } satisfies CallResult);
}

const unauthorized = (): ErrorPayload => ({
  code: 'UNAUTHORIZED',
  message: 'Missing or wrong console token: open the URL that `npm start` printed',
});
const forbidden = (message: string): ErrorPayload => ({ code: 'FORBIDDEN', message });
const badRequest = (message: string): ErrorPayload => ({ code: 'INVALID_INPUT', message });
