import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import type { z } from 'zod';
import { ErrorEnvelope, successEnvelope } from './api-schemas';
import { PowernodeError, PowernodeErrorCode as Code } from './powernode-error';

/** Explicit limits: a dead server must never hang the kill switch. */
export interface Timeouts {
  /** TCP + TLS handshake. */
  connectMs: number;
  /** From request sent to response headers received. */
  headersMs: number;
  /** Longest pause between two chunks of the body. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, headersMs: 15_000, bodyMs: 15_000 };
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export interface SendOptions {
  accessToken?: string;
  /** The refresh token, sent as the `refresh_token` cookie (only to /auth paths, as its cookie path says). */
  refreshCookie?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
}

export interface RawAnswer {
  status: number;
  json: unknown;
  /** Value of a `refresh_token` Set-Cookie, when the server sent a non-empty one. */
  refreshCookie: string | undefined;
  retryAfterSeconds: number | null;
}

/**
 * One profile's HTTP door to Powernode on undici. It turns every transport failure into a
 * PowernodeError with a plain message, and never puts a token or a body into one.
 */
export class PowernodeHttp {
  private readonly agent: Agent;
  private readonly origin: URL;

  constructor(
    baseUrl: string,
    readonly timeouts: Timeouts = DEFAULT_TIMEOUTS,
    /** Name resolution; the system resolver unless a test needs one that never leaves the machine. */
    lookup?: LookupFunction,
  ) {
    this.origin = new URL(baseUrl);
    this.agent = new Agent({
      connect: lookup ? { timeout: timeouts.connectMs, lookup } : { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
    });
  }

  get host(): string {
    return this.origin.host;
  }

  async send(method: 'GET' | 'POST', path: string, options: SendOptions = {}): Promise<RawAnswer> {
    const url = new URL(`${this.origin.pathname.replace(/\/$/, '')}/api/v1${path}`, this.origin);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'incident-console' };
    if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
    if (options.refreshCookie) headers.cookie = `refresh_token=${options.refreshCookie}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    try {
      const response = await request(url, { method, headers, body, dispatcher: this.agent });
      const text = await readCapped(response.body);
      const retryAfter = Number(response.headers['retry-after']);
      return {
        status: response.statusCode,
        json: parseJson(text),
        refreshCookie: refreshCookieFrom(response.headers['set-cookie']),
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
      };
    } catch (error) {
      throw this.transportFailure(error);
    }
  }

  /** Parses a success envelope's data with `schema`, or throws the failure the answer means. */
  expect<T extends z.ZodType>(answer: RawAnswer, schema: T): z.output<T> {
    if (answer.status >= 200 && answer.status < 300) {
      const parsed = successEnvelope(schema).safeParse(answer.json);
      if (!parsed.success) throw malformed(parsed.error.issues[0]);
      return (parsed.data as { data: z.output<T> }).data;
    }
    throw failureFor(answer);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private transportFailure(error: unknown): PowernodeError {
    if (error instanceof PowernodeError) return error;
    const code = errorCode(error);
    const where = this.origin.host;
    switch (code) {
      case 'UND_ERR_CONNECT_TIMEOUT':
        return new PowernodeError(Code.timeout, `Could not connect to ${where} within ${seconds(this.timeouts.connectMs)} (connect timeout).`);
      case 'UND_ERR_HEADERS_TIMEOUT':
        return new PowernodeError(Code.timeout, `Powernode at ${where} did not answer within ${seconds(this.timeouts.headersMs)} (response timeout).`);
      case 'UND_ERR_BODY_TIMEOUT':
        return new PowernodeError(Code.timeout, `Powernode at ${where} stopped sending its answer for ${seconds(this.timeouts.bodyMs)} (body timeout).`);
      case 'ECONNREFUSED':
        return new PowernodeError(Code.connectionRefused, `Connection refused by ${where}: nothing is listening there, or a firewall rejects it.`);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EAI_NONAME':
        return new PowernodeError(Code.dnsFailure, `The host name "${this.origin.hostname}" could not be resolved (DNS failure).`);
      case 'UND_ERR_SOCKET':
      case 'ECONNRESET':
        return new PowernodeError(Code.network, `The connection to ${where} was closed before an answer arrived; the request may or may not have been carried out.`);
      case 'ANSWER_TOO_LARGE':
        return new PowernodeError(Code.malformed, `Powernode at ${where} sent an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB.`);
      default:
        return new PowernodeError(Code.network, `Network error talking to ${where}: ${code ?? 'connection failed'}.`);
    }
  }
}

/** The plain message for a non-2xx answer (login-specific 401s are mapped by the caller). */
export function failureFor(answer: RawAnswer): PowernodeError {
  const parsed = ErrorEnvelope.safeParse(answer.json);
  const serverMessage = parsed.success ? parsed.data.error : undefined;
  const status = answer.status;
  if (status === 429) {
    const after = answer.retryAfterSeconds ?? (parsed.success ? (parsed.data.retry_after ?? null) : null);
    const when = after === null ? 'later' : `in ${waitText(after)}`;
    return new PowernodeError(Code.rateLimited, `Powernode is rate limiting this address (429 Too many requests); retry ${when}.`, status, after);
  }
  if (status >= 500) {
    return new PowernodeError(Code.serverError, `Powernode had an internal error (HTTP ${status}); the action may or may not have happened: check the status.`, status);
  }
  if (!parsed.success) {
    return new PowernodeError(Code.malformed, `Powernode answered HTTP ${status} with a body this console does not understand.`, status);
  }
  if (status === 403) {
    return new PowernodeError(Code.permissionDenied, `Your Powernode user is not allowed to do this (${serverMessage}).`, status);
  }
  if (status === 401) return new PowernodeError(Code.unauthorized, `Powernode refused the session: ${serverMessage}.`, status);
  if (status === 409) return new PowernodeError(Code.conflict, serverMessage ?? 'Conflict', status);
  if (status === 404) return new PowernodeError(Code.notFound, `Powernode: ${serverMessage}.`, status);
  return new PowernodeError(Code.rejected, `Powernode refused the request (HTTP ${status}): ${serverMessage}.`, status);
}

function malformed(issue: z.core.$ZodIssue | undefined): PowernodeError {
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape';
  return new PowernodeError(Code.malformed, `Powernode sent an answer this console does not understand (${where}).`, 200);
}

function refreshCookieFrom(header: string | string[] | undefined): string | undefined {
  const all = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const cookie of all) {
    const match = /^\s*refresh_token=([^;]*)/.exec(cookie);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      body.destroy?.();
      throw Object.assign(new Error('answer too large'), { code: 'ANSWER_TOO_LARGE' });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const KNOWN_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ANSWER_TOO_LARGE',
]);

/** undici wraps system errors (cause, AggregateError for dual-stack): find the code that says what happened. */
function errorCode(error: unknown): string | undefined {
  const seen: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (KNOWN_CODES.has(code)) return code;
      seen.push(code);
    }
    const nested = (current as { errors?: unknown[] }).errors;
    current = Array.isArray(nested) && nested[0] ? nested[0] : (current as { cause?: unknown }).cause;
  }
  return seen[0];
}

/** Retry-After is the whole rate window (900 s, 3600 s for login), so minutes read better. */
function waitText(totalSeconds: number): string {
  if (totalSeconds < 120) return `${totalSeconds} s`;
  if (totalSeconds < 2 * 3600) return `${Math.round(totalSeconds / 60)} min`;
  return `${Math.round(totalSeconds / 3600)} h`;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
