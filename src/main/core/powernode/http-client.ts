import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import type { z } from 'zod';
import { ErrorEnvelope, SuccessEnvelope } from './api-schemas';
import { PowernodeError } from './powernode-error';
import { utcSecond, waitText } from './time-text';

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
/** A 429 without Retry-After still means "not now": wait this long. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * Powernode's limits are per IP and per rule: login has its own (5/h per email, 10/h per IP);
 * everything else shares 300 per 15 min. A 429 closes the bucket it came from.
 */
export type RateBucket = 'login' | 'api';
const bucketOf = (path: string): RateBucket => (path === '/auth/login' ? 'login' : 'api');

export interface SendOptions {
  accessToken?: string;
  /** The refresh token, sent as the `refresh_token` cookie (only to /auth paths, as its cookie path says). */
  refreshCookie?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Send even while a 429 window lasts (the operator chose to: a halt cannot always wait). */
  despiteRateLimit?: boolean;
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
 * PowernodeError with a plain message, and never puts a token or a body into one. It also keeps
 * the server's 429 windows: while one lasts, no request of that bucket leaves (every call of the
 * profile honours it), unless the operator sends a halt or resume despite it.
 */
export class PowernodeHttp {
  private readonly agent: Agent;
  private readonly origin: URL;
  private readonly limitedUntil = new Map<RateBucket, number>();
  private readonly rateListeners = new Set<(untilIso: string) => void>();

  constructor(
    baseUrl: string,
    readonly timeouts: Timeouts,
    /** The console's clock, in ms (429 windows are measured on it, and told in its time). */
    private readonly now: () => number,
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

  /** When the server's last 429 window for this bucket ends, or null when none lasts. */
  rateLimitedUntil(bucket: RateBucket = 'api'): string | null {
    const until = this.limitedUntil.get(bucket);
    return until !== undefined && until > this.now() ? new Date(until).toISOString() : null;
  }

  /** Called with the window's end whenever a 429 opens one (the kill-switch chip shows it). */
  onRateLimited(listener: (untilIso: string) => void): () => void {
    this.rateListeners.add(listener);
    return () => this.rateListeners.delete(listener);
  }

  async send(method: 'GET' | 'POST', path: string, options: SendOptions = {}): Promise<RawAnswer> {
    const bucket = bucketOf(path);
    const until = this.rateLimitedUntil(bucket);
    if (until && !options.despiteRateLimit) throw notSentRateLimited(until, this.now());
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
      const text = await readCapped(response.body, this.origin.host);
      const retryAfter = Number(response.headers['retry-after']);
      const answer: RawAnswer = {
        status: response.statusCode,
        json: parseJson(text),
        refreshCookie: refreshCookieFrom(response.headers['set-cookie']),
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
      };
      if (answer.status === 429) this.closeWindow(bucket, answer);
      return answer;
    } catch (error) {
      throw this.transportFailure(error);
    }
  }

  /**
   * Parses a success envelope's data with `schema`, or throws the failure the answer means.
   * `data` is optional in the envelope (the server leaves it out for an empty payload): a schema
   * that accepts undefined gets undefined, any other reports it missing.
   */
  expect<T extends z.ZodType>(answer: RawAnswer, schema: T): z.output<T> {
    if (answer.status >= 200 && answer.status < 300) {
      const envelope = SuccessEnvelope.safeParse(answer.json);
      if (!envelope.success) throw malformed(answer.status, envelope.error.issues[0], []);
      const data = schema.safeParse(envelope.data.data);
      if (!data.success) throw malformed(answer.status, data.error.issues[0], ['data']);
      return data.data;
    }
    throw this.failure(answer);
  }

  /** The plain message for a non-2xx answer, timed on the console's clock (login-specific 401s are mapped by the caller). */
  failure(answer: RawAnswer): PowernodeError {
    return failureFor(answer, this.now());
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private closeWindow(bucket: RateBucket, answer: RawAnswer): void {
    const seconds = retryAfterOf(answer) ?? DEFAULT_RETRY_AFTER_SECONDS;
    const until = this.now() + seconds * 1000;
    this.limitedUntil.set(bucket, Math.max(until, this.limitedUntil.get(bucket) ?? 0));
    if (bucket === 'api') for (const listener of this.rateListeners) listener(new Date(until).toISOString());
  }

  private transportFailure(error: unknown): PowernodeError {
    if (error instanceof PowernodeError) return error;
    const code = errorCode(error);
    const where = this.origin.host;
    switch (code) {
      case 'UND_ERR_CONNECT_TIMEOUT':
        return new PowernodeError('POWERNODE_TIMEOUT', `Could not connect to ${where} within ${seconds(this.timeouts.connectMs)} (connect timeout).`);
      case 'UND_ERR_HEADERS_TIMEOUT':
        return new PowernodeError(
          'POWERNODE_TIMEOUT',
          `Powernode at ${where} did not answer within ${seconds(this.timeouts.headersMs)} (response timeout).`,
          null,
          null,
          true,
        );
      case 'UND_ERR_BODY_TIMEOUT':
        return new PowernodeError(
          'POWERNODE_TIMEOUT',
          `Powernode at ${where} stopped sending its answer for ${seconds(this.timeouts.bodyMs)} (body timeout).`,
          null,
          null,
          true,
        );
      case 'ECONNREFUSED':
        return new PowernodeError('POWERNODE_CONNECTION_REFUSED', `Connection refused by ${where}: nothing is listening there, or a firewall rejects it.`);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EAI_NONAME':
        return new PowernodeError('POWERNODE_DNS_FAILURE', `The host name "${this.origin.hostname}" could not be resolved (DNS failure).`);
      case 'UND_ERR_SOCKET':
      case 'ECONNRESET':
        return new PowernodeError(
          'POWERNODE_NETWORK_ERROR',
          `The connection to ${where} was closed before an answer arrived; the request may or may not have been carried out.`,
          null,
          null,
          true,
        );
      default:
        // Not known to have failed before sending: it may have reached the server.
        return new PowernodeError('POWERNODE_NETWORK_ERROR', `Network error talking to ${where}: ${code ?? 'connection failed'}.`, null, null, true);
    }
  }
}

function failureFor(answer: RawAnswer, now: number): PowernodeError {
  const parsed = ErrorEnvelope.safeParse(answer.json);
  const serverMessage = parsed.success ? parsed.data.error : undefined;
  const status = answer.status;
  if (status === 429) {
    const after = retryAfterOf(answer);
    const when = after === null ? 'later' : `in ${waitText(after)}, after ${utcSecond(now + after * 1000)}`;
    return new PowernodeError('POWERNODE_RATE_LIMITED', `Powernode is rate limiting this address (429 Too many requests); retry ${when}.`, status, after);
  }
  if (status >= 500) {
    return new PowernodeError(
      'POWERNODE_SERVER_ERROR',
      `Powernode had an internal error (HTTP ${status}); the action may or may not have happened.`,
      status,
      null,
      true,
    );
  }
  if (!parsed.success) {
    return new PowernodeError('POWERNODE_MALFORMED_ANSWER', `Powernode answered HTTP ${status} with a body this console does not understand.`, status);
  }
  if (status === 403) {
    return new PowernodeError('POWERNODE_PERMISSION_DENIED', `Your Powernode user is not allowed to do this (${serverMessage}).`, status);
  }
  if (status === 401) {
    const advice = serverMessage === undefined ? undefined : LASTING_401_ADVICE[serverMessage];
    if (advice) return new PowernodeError('POWERNODE_ACCESS_REFUSED', `Powernode refused the session: "${serverMessage}". ${advice}`, status);
    return new PowernodeError('POWERNODE_UNAUTHORIZED', `Powernode refused the session: ${serverMessage}.`, status);
  }
  if (status === 409) return new PowernodeError('POWERNODE_CONFLICT', serverMessage ?? 'Conflict', status);
  if (status === 404) return new PowernodeError('POWERNODE_NOT_FOUND', `Powernode: ${serverMessage}.`, status);
  return new PowernodeError('POWERNODE_REJECTED', `Powernode refused the request (HTTP ${status}): ${serverMessage}.`, status);
}

/**
 * 401s a refresh or a new login cannot cure (powernode-api.md §1), shown verbatim with what to do.
 * The session is kept: once an admin fixes the account, it works again.
 */
const LASTING_401_ADVICE: Record<string, string> = {
  'Account suspended':
    'The Powernode account (organisation) is suspended or cancelled; logging in again will not help. Ask a Powernode admin to reactivate it.',
  'User inactive':
    'Your Powernode user is not active (deactivated or awaiting verification); logging in again will not help. Ask a Powernode admin to reactivate it, or log in as another commander.',
  'No account associated': 'Your Powernode user belongs to no account. Ask a Powernode admin to attach it to the account, or log in as a user that has one.',
  'Invalid token type': 'The server did not accept this kind of token. Log out and log in again; if it comes back, tell the Powernode admins.',
};

/** A 2xx the console cannot read: the server said it acted, so the outcome is unknown, not failed. */
function malformed(status: number, issue: z.core.$ZodIssue | undefined, prefix: PropertyKey[]): PowernodeError {
  const path = [...prefix, ...(issue?.path ?? [])].map(String).join('.');
  const where = issue ? `${path || '(root)'}: ${issue.message}` : 'unknown shape';
  return new PowernodeError(
    'POWERNODE_MALFORMED_ANSWER',
    `Powernode sent an answer this console does not understand (HTTP ${status}, ${where}).`,
    status,
    null,
    true,
  );
}

function notSentRateLimited(untilIso: string, now: number): PowernodeError {
  const seconds = Math.max(1, Math.ceil((Date.parse(untilIso) - now) / 1000));
  return new PowernodeError(
    'POWERNODE_RATE_LIMITED',
    `Not sent: Powernode asked this console to wait (429 Too many requests) until ${utcSecond(untilIso)}, ${waitText(seconds)} from now.`,
    null,
    seconds,
  );
}

function retryAfterOf(answer: RawAnswer): number | null {
  if (answer.retryAfterSeconds !== null) return answer.retryAfterSeconds;
  const parsed = ErrorEnvelope.safeParse(answer.json);
  return parsed.success ? (parsed.data.retry_after ?? null) : null;
}

function refreshCookieFrom(header: string | string[] | undefined): string | undefined {
  const all = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const cookie of all) {
    const match = /^\s*refresh_token=([^;]*)/.exec(cookie);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** The answer's text, up to MAX_ANSWER_BYTES: a larger one is cut off and is an answer this console cannot read. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy?: () => void }, where: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      body.destroy?.();
      throw new PowernodeError(
        'POWERNODE_MALFORMED_ANSWER',
        `Powernode at ${where} sent an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB.`,
        null,
        null,
        true,
      );
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

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
