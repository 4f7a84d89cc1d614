// A faithful fake of the Powernode API parts the console uses (see
// /work/shared/reference/powernode-api.md): the same paths, envelopes, status codes and exact
// messages. Plain node:http and node:crypto, runnable on its own (`npm run fake-powernode`) and
// used by vitest and Playwright. A control endpoint (/__control, only tests use it) changes the
// token lifetime, injects faults (slow answers, 500s, 429s, hang-ups, unreadable answers, each
// before or after the server acted, for N requests), turns on the login limits, makes halts and
// resumes as another user, sets the number of agents, and edits users, permissions and accounts.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
export const TEST_PASSWORD = 'correct horse battery staple';
/** Rack::Attack's login rules (powernode-api.md §2): per fixed hour, per top-level email and per IP. */
const DEFAULT_LOGIN_LIMITS = { perEmail: 5, perIp: 10, periodSeconds: 3600 };
const JWT_KEY = randomBytes(32);
const ISSUER = 'powernode-platform';
const AUDIENCE = 'powernode-api';

/** RFC 6238 TOTP (HMAC-SHA1, 30 s steps, 6 digits) over a base32 secret. */
export function totp(secretBase32, atMs = Date.now(), stepOffset = 0) {
  const key = base32Decode(secretBase32);
  const counter = Math.floor(atMs / 1000 / 30) + stepOffset;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

const isoSeconds = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const isoMs = (date) => date.toISOString();

function defaultUsers() {
  const all = ['ai.kill_switch.manage', 'ai.agents.read', 'ai.agents.execute'];
  return [
    { email: 'commander@example.test', name: 'casey', fullName: 'Casey Commander', totpSecret: null, permissions: all },
    { email: 'oncall@example.test', name: 'robin', fullName: 'Robin Oncall', totpSecret: TEST_TOTP_SECRET, permissions: all },
    { email: 'viewer@example.test', name: 'vic', fullName: 'Vic Viewer', totpSecret: null, permissions: ['ai.agents.read'] },
    { email: 'suspended@example.test', name: 'sam', fullName: 'Sam Suspended', totpSecret: null, permissions: all, status: 'suspended' },
  ].map((user) => ({
    id: randomUUID(),
    password: TEST_PASSWORD,
    status: 'active',
    failedLoginAttempts: 0,
    lockedUntil: 0,
    createdAt: new Date('2025-01-10T08:00:00.000Z'),
    lastLoginAt: null,
    ...user,
  }));
}

const AGENT_TYPES = ['assistant', 'code_assistant', 'data_analyst', 'content_generator', 'monitor', 'mcp_client'];
const AGENT_STATUSES = ['active', 'active', 'active', 'paused', 'inactive', 'error'];

/** The five named agents, then as many numbered ones as asked ("Fleet agent 0006"…). */
function defaultAgents(count = 5) {
  const at = new Date('2026-03-14T10:00:00Z');
  const named = [
    ['Support Concierge', 'assistant', 'active'],
    ['Invoice Reconciler', 'data_analyst', 'active'],
    ['Deploy Watcher', 'monitor', 'active'],
    ['Blog Drafter', 'content_generator', 'paused'],
    ['Legacy Importer', 'workflow_operations', 'inactive'],
  ];
  for (let index = named.length; index < count; index++) {
    named.push([`Fleet agent ${String(index + 1).padStart(4, '0')}`, AGENT_TYPES[index % AGENT_TYPES.length], AGENT_STATUSES[index % AGENT_STATUSES.length]]);
  }
  return named.slice(0, count).map(([name, agentType, status], index) => ({
    id: randomUUID(),
    name,
    description: `${name} (fake)`,
    agent_type: agentType,
    status,
    version: '1.0.0',
    is_public: false,
    is_concierge: index === 0,
    skill_slugs: [],
    created_at: isoSeconds(at),
    updated_at: isoSeconds(at),
    last_executed_at: status === 'active' ? isoSeconds(new Date(at.getTime() + index * 60_000)) : null,
    created_by: null,
    provider: null,
    model: null,
    temperature: 0.7,
    max_tokens: 2048,
    system_prompt: null,
    full_system_prompt: null,
    mcp_tool_manifest: {},
    mcp_input_schema: {},
    mcp_output_schema: {},
    mcp_metadata: {},
    execution_stats: { total_executions: 10 * index, successful_executions: 9 * index, failed_executions: index, success_rate: 90, avg_execution_time: 1.5 },
  }));
}

/**
 * Starts the fake on 127.0.0.1. Options: port (0 = any), accessTtlSeconds (900), rateLimit
 * ({limit, periodSeconds} per IP on /api/*, off by default as in the server's test env).
 */
export async function startFakePowernode(options = {}) {
  const state = {
    accessTtlSeconds: options.accessTtlSeconds ?? 900,
    users: defaultUsers(),
    account: { id: randomUUID(), name: 'Acme Robotics', status: 'active', subdomain: 'acme' },
    blocklist: new Set(),
    killSwitch: { halted: false, since: null, snapshot: null, events: [] },
    agents: defaultAgents(options.agentCount),
    faults: [], // see FakeFault in server.d.mts
    rateLimit: options.rateLimit ?? null,
    rateWindow: { start: Date.now(), count: 0 },
    /** Rack::Attack's login rules (off by default, as in the server's test env). */
    loginLimits: options.loginLimits ? { ...DEFAULT_LOGIN_LIMITS, ...(options.loginLimits === true ? {} : options.loginLimits) } : null,
    loginCounters: new Map(),
    log: [],
    /** Every token handed out, so tests can prove none of them leaked anywhere. */
    issuedTokens: [],
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, { success: false, error: 'Something went wrong', code: 'INTERNAL_ERROR' });
      else res.end();
      if (options.verbose) console.error(error);
    });
  });

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    if (url.pathname.startsWith('/__control')) return control(url, body, res);

    const entry = { method: req.method, path: url.pathname, at: new Date().toISOString(), status: 0 };
    state.log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));

    const fault = takeFault(url.pathname);
    if (fault?.applyFirst || fault?.partialBody || fault?.omitData) return answerAfterActing(fault, url, body, req, res);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.rateLimited) return tooManyRequests(res, fault.retryAfter ?? (url.pathname.endsWith('/auth/login') ? 3600 : 900));
    if (fault && answerFault(fault, req, res)) return;

    if (state.rateLimit && url.pathname.startsWith('/api/')) {
      const now = Date.now();
      if (now - state.rateWindow.start >= state.rateLimit.periodSeconds * 1000) state.rateWindow = { start: now, count: 0 };
      state.rateWindow.count += 1;
      if (state.rateWindow.count > state.rateLimit.limit) return tooManyRequests(res, state.rateLimit.periodSeconds);
    }
    return route(req.method ?? 'GET', url, body, req, res);
  }

  /** The faults that replace an answer; true when one did. */
  function answerFault(fault, req, res) {
    if (fault.status === 500) return (send(res, 500, { success: false, error: 'Something went wrong', code: 'INTERNAL_ERROR' }), true);
    if (fault.malformed) return (send(res, 200, { success: true, data: { unexpected: 'shape' } }), true);
    if (fault.invalidJson) {
      // A 200 whose body is not JSON at all (cut short by a proxy, say).
      const text = '{"success":true,"data":{"event":{"id":';
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      return (res.end(text), true);
    }
    if (fault.closeConnection) return (req.socket.destroy(), true);
    return false;
  }

  /**
   * The server acts (the halt happens), then the answer goes wrong: held back (`delayMs`), cut
   * (`closeConnection`), replaced (500, wrong shape, not JSON), or sent half and then stalled
   * (`partialBody`). This is what makes an outcome unknown rather than failed.
   */
  async function answerAfterActing(fault, url, body, req, res) {
    const recorded = recordingResponse();
    route(req.method ?? 'GET', url, body, req, recorded);
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed || req.socket.destroyed) return;
    if (fault.partialBody) {
      res.writeHead(recorded.statusCode, { ...recorded.headers, 'content-length': Buffer.byteLength(recorded.body) });
      res.write(recorded.body.slice(0, Math.max(1, Math.floor(recorded.body.length / 2))));
      return; // …and never the rest: the client's body timeout ends it.
    }
    if (answerFault(fault, req, res)) return;
    if (fault.omitData && recorded.statusCode < 300) {
      // As the server answers an empty payload: the envelope without `data`.
      const { data: _data, ...envelope } = JSON.parse(recorded.body);
      recorded.body = JSON.stringify(envelope);
      recorded.headers['content-length'] = Buffer.byteLength(recorded.body);
    }
    res.writeHead(recorded.statusCode, recorded.headers);
    res.end(recorded.body);
  }

  function recordingResponse() {
    return {
      statusCode: 200,
      headers: {},
      body: '',
      headersSent: false,
      setHeader(name, value) {
        this.headers[name.toLowerCase()] = value;
      },
      writeHead(status, headers = {}) {
        this.statusCode = status;
        for (const [name, value] of Object.entries(headers)) this.headers[name.toLowerCase()] = value;
      },
      end(text = '') {
        this.body = text;
      },
    };
  }

  function takeFault(pathname) {
    const index = state.faults.findIndex((fault) => pathname.startsWith(fault.pathPrefix) && fault.times > 0);
    if (index < 0) return undefined;
    const fault = state.faults[index];
    fault.times -= 1;
    if (fault.times === 0) state.faults.splice(index, 1);
    return fault;
  }

  async function control(url, body, res) {
    if (url.pathname === '/__control/log') return send(res, 200, { log: state.log });
    if (url.pathname === '/__control/issued-tokens') return send(res, 200, { tokens: state.issuedTokens });
    if (url.pathname === '/__control/totp') {
      return send(res, 200, { code: totp(TEST_TOTP_SECRET) });
    }
    if (url.pathname === '/__control/state') {
      return send(res, 200, { killSwitch: state.killSwitch, agents: state.agents.map(({ id, name, status }) => ({ id, name, status })) });
    }
    const input = body ?? {};
    if (input.accessTtlSeconds !== undefined) state.accessTtlSeconds = input.accessTtlSeconds;
    if (input.fault) state.faults.push({ times: 1, ...input.fault });
    if (input.clearFaults) state.faults = [];
    if (input.rateLimit !== undefined) state.rateLimit = input.rateLimit;
    if (input.loginLimits !== undefined) {
      state.loginLimits = input.loginLimits ? { ...DEFAULT_LOGIN_LIMITS, ...(input.loginLimits === true ? {} : input.loginLimits) } : null;
      state.loginCounters = new Map();
    }
    if (input.permissions) {
      const user = state.users.find((candidate) => candidate.email === input.permissions.email);
      if (user) user.permissions = input.permissions.permissions;
    }
    if (input.user) {
      const user = state.users.find((candidate) => candidate.email === input.user.email);
      if (user && input.user.status !== undefined) user.status = input.user.status;
      if (user && input.user.noAccount !== undefined) user.noAccount = input.user.noAccount;
    }
    if (input.accountStatus !== undefined) state.account.status = input.accountStatus;
    if (input.agentCount !== undefined) state.agents = defaultAgents(input.agentCount);
    if (input.clearLog) state.log = [];
    if (input.act) {
      // A halt or resume made directly on the server by someone else (web UI, MCP, another operator).
      const user = state.users.find((candidate) => candidate.email === input.act.as);
      if (!user) return send(res, 400, { ok: false, error: `no user ${input.act.as}` });
      const done = input.act.action === 'halt' ? haltAs(user, input.act.reason) : resumeAs(user, input.act.mode);
      return send(res, 200, { ok: done !== 'already', event: done === 'already' ? null : done });
    }
    return send(res, 200, { ok: true });
  }

  function route(method, url, body, req, res) {
    const path = url.pathname;
    const key = `${method} ${path}`;
    if (key === 'POST /api/v1/auth/login') return login(body, req, res);
    if (key === 'POST /api/v1/auth/verify-2fa') return verify2fa(body, req, res);
    if (key === 'POST /api/v1/auth/refresh') return refresh(body, req, res);
    if (key === 'POST /api/v1/auth/logout') return withUser(req, res, (user, claims) => logout(user, claims, body, req, res));
    if (key === 'GET /api/v1/auth/me') return withUser(req, res, (user) => ok(res, { user: serializeUser(user) }));
    if (key === 'GET /api/v1/health') return ok(res, healthBase());
    if (key === 'GET /api/v1/health/detailed') return ok(res, { ...healthBase(), status: 'degraded', checks: healthChecks() });
    if (path.startsWith('/api/v1/ai/kill_switch/')) {
      return withUser(req, res, (user) =>
        requirePermission(user, 'ai.kill_switch.manage', res, () => killSwitch(method, path.slice('/api/v1/ai/kill_switch/'.length), url, body, user, res)),
      );
    }
    if (key === 'GET /api/v1/ai/agents') {
      return withUser(req, res, (user) => requirePermission(user, 'ai.agents.read', res, () => listAgents(url, res)));
    }
    const agentAction = /^\/api\/v1\/ai\/agents\/([^/]+)\/(pause|resume)$/.exec(path);
    if (method === 'POST' && agentAction) {
      return withUser(req, res, (user) => agentTransition(agentAction[1], agentAction[2], user, res));
    }
    return send(res, 404, { success: false, error: 'Not found', code: 'NOT_FOUND' });
  }

  // ── auth ────────────────────────────────────────────────────────────────
  /** Rack::Attack's fixed windows: every attempt counts, the one past the limit gets a 429. */
  function loginThrottled(body, req) {
    const limits = state.loginLimits;
    if (!limits) return false;
    const window = Math.floor(Date.now() / (limits.periodSeconds * 1000));
    const hit = (key) => {
      const counter = state.loginCounters.get(key);
      const count = counter && counter.window === window ? counter.count + 1 : 1;
      state.loginCounters.set(key, { window, count });
      return count;
    };
    const byIp = hit(`ip:${req.socket.remoteAddress}`) > limits.perIp;
    // Only the top-level JSON `email` is counted (a nested session.email slips through, as on the server).
    const email = typeof body?.email === 'string' ? body.email.toLowerCase() : null;
    const byEmail = email !== null && hit(`email:${email}`) > limits.perEmail;
    return byIp || byEmail;
  }

  function login(body, req, res) {
    if (loginThrottled(body, req)) return tooManyRequests(res, state.loginLimits.periodSeconds);
    const credentials = body?.session ?? body ?? {};
    const email = String(credentials.email ?? '').toLowerCase();
    const user = state.users.find((candidate) => candidate.email === email);
    if (!user) return fail(res, 401, 'Invalid email or password');
    if (user.lockedUntil > Date.now()) {
      return fail(res, 401, 'Your account is temporarily locked due to multiple failed login attempts. Please try again later.');
    }
    if (credentials.password !== user.password) {
      user.failedLoginAttempts += 1;
      if (user.failedLoginAttempts >= 5) {
        user.lockedUntil = Date.now() + 30 * 60_000;
        return fail(res, 401, 'Your account has been temporarily locked due to multiple failed login attempts. Please try again later.');
      }
      return fail(res, 401, 'Invalid email or password');
    }
    if (user.status === 'suspended') return fail(res, 401, 'Account is suspended');
    if (user.status === 'inactive') return fail(res, 401, 'Account is inactive');
    user.failedLoginAttempts = 0;
    if (user.totpSecret) {
      return send(res, 200, {
        success: true,
        data: { requires_2fa: true, verification_token: sign(user, '2fa', 600) },
        message: 'Two-factor authentication required. Please provide your verification code.',
      });
    }
    return loginSuccess(user, req, res);
  }

  function verify2fa(body, req, res) {
    if (!body?.verification_token) return fail(res, 400, 'Verification token is required');
    if (!body?.code) return fail(res, 400, 'Two-factor authentication code is required');
    const claims = verify(body.verification_token);
    const user = claims && claims.type === '2fa' ? state.users.find((candidate) => candidate.id === claims.sub) : undefined;
    const now = Date.now();
    const code = String(body.code);
    const codeOk = user?.totpSecret && [-1, 0, 1].some((drift) => totp(user.totpSecret, now, drift) === code);
    if (!user || !codeOk || user.status !== 'active') return fail(res, 401, 'Authentication verification failed');
    state.blocklist.add(claims.jti);
    return loginSuccess(user, req, res);
  }

  function loginSuccess(user, req, res) {
    user.lastLoginAt = new Date();
    setRefreshCookie(res, sign(user, 'refresh', 7 * 86_400));
    const accessToken = sign(user, 'access', state.accessTtlSeconds);
    return ok(res, {
      user: serializeUser(user),
      account: state.account,
      access_token: accessToken,
      expires_at: isoMs(new Date(Date.now() + state.accessTtlSeconds * 1000)),
    });
  }

  function refresh(body, req, res) {
    const token = readCookie(req, 'refresh_token') ?? body?.refresh_token;
    if (!token) return fail(res, 400, 'Refresh token required');
    const claims = verify(token);
    const user = claims && claims.type === 'refresh' ? state.users.find((candidate) => candidate.id === claims.sub) : undefined;
    if (!user) return fail(res, 401, 'Invalid or expired refresh token');
    if (claims.permission_version !== permissionVersion(user)) {
      state.blocklist.add(claims.jti);
      return fail(res, 401, 'Authentication required - please log in again');
    }
    // Rotation: a new cookie each time; the old refresh token is NOT revoked (as the server does).
    setRefreshCookie(res, sign(user, 'refresh', 7 * 86_400));
    return ok(res, {
      access_token: sign(user, 'access', state.accessTtlSeconds),
      expires_at: isoMs(new Date(Date.now() + state.accessTtlSeconds * 1000)),
    });
  }

  function logout(user, claims, body, req, res) {
    state.blocklist.add(claims.jti);
    for (const token of [body?.refresh_token, readCookie(req, 'refresh_token')]) {
      const refreshClaims = token ? verify(token) : undefined;
      if (refreshClaims) state.blocklist.add(refreshClaims.jti);
    }
    res.setHeader('Set-Cookie', 'refresh_token=; path=/api/v1/auth; max-age=0; expires=Thu, 01 Jan 1970 00:00:00 GMT');
    return send(res, 200, { success: true, data: { message: 'Successfully logged out' }, message: 'Successfully logged out' });
  }

  function withUser(req, res, next) {
    const header = req.headers.authorization;
    if (!header) return fail(res, 401, 'Access token required', 'UNAUTHORIZED');
    const token = header.trim().split(/\s+/).pop();
    const claims = verify(token);
    if (!claims) return fail(res, 401, 'Invalid access token', 'UNAUTHORIZED');
    if (claims.type !== 'access') return fail(res, 401, 'Invalid token type', 'UNAUTHORIZED');
    const user = state.users.find((candidate) => candidate.id === claims.sub);
    if (!user) return fail(res, 401, 'Invalid access token', 'UNAUTHORIZED');
    if (user.status !== 'active') return fail(res, 401, 'User inactive', 'UNAUTHORIZED');
    if (user.noAccount) return fail(res, 401, 'No account associated', 'UNAUTHORIZED');
    if (state.account.status !== 'active') return fail(res, 401, 'Account suspended', 'UNAUTHORIZED');
    return next(user, claims);
  }

  function requirePermission(user, permission, res, next) {
    if (!user.permissions.includes(permission) && !user.permissions.includes('system.admin')) {
      return fail(res, 403, `Permission denied: ${permission}`, 'FORBIDDEN');
    }
    return next();
  }

  function sign(user, type, ttlSeconds) {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      sub: user.id,
      account_id: state.account.id,
      email: user.email,
      permission_version: permissionVersion(user),
      version: 2,
      type,
      iat: now,
      exp: now + ttlSeconds,
      jti: randomBytes(16).toString('hex'),
      iss: ISSUER,
      aud: AUDIENCE,
    };
    const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const signature = createHmac('sha256', JWT_KEY).update(`${head}.${body}`).digest('base64url');
    const token = `${head}.${body}.${signature}`;
    state.issuedTokens.push(token);
    return token;
  }

  function verify(token) {
    const parts = String(token).split('.');
    if (parts.length !== 3) return undefined;
    const expected = createHmac('sha256', JWT_KEY).update(`${parts[0]}.${parts[1]}`).digest('base64url');
    if (expected !== parts[2]) return undefined;
    let claims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (claims.iss !== ISSUER || claims.aud !== AUDIENCE) return undefined;
    if (claims.exp * 1000 <= Date.now()) return undefined;
    if (state.blocklist.has(claims.jti)) return undefined;
    return claims;
  }

  function permissionVersion(user) {
    return createHash('sha256').update(user.permissions.join(',')).digest('hex').slice(0, 8);
  }

  function serializeUser(user) {
    return {
      id: user.id,
      name: user.name,
      full_name: user.fullName,
      email: user.email,
      email_verified: true,
      roles: ['admin'],
      permissions: user.permissions,
      status: user.status,
      locked: user.lockedUntil > Date.now(),
      failed_login_attempts: user.failedLoginAttempts,
      last_login_at: user.lastLoginAt ? isoMs(user.lastLoginAt) : null,
      created_at: isoMs(user.createdAt),
      updated_at: isoMs(user.createdAt),
      preferences: {},
      account: state.account,
    };
  }

  // ── kill switch ─────────────────────────────────────────────────────────
  function killSwitch(method, action, url, body, user, res) {
    const ks = state.killSwitch;
    if (method === 'GET' && action === 'status') return ok(res, statusPayload());
    if (method === 'POST' && action === 'halt') {
      if (ks.halted) return fail(res, 409, 'AI activity is already suspended');
      const reason = body?.reason === undefined ? 'Emergency halt triggered by user' : String(body.reason);
      const event = haltAs(user, reason);
      // As on the server: a blank reason fails validation only after everything was suspended.
      if (event === 'blank')
        return send(res, 422, { success: false, error: "Reason can't be blank", code: 'VALIDATION_ERROR', details: { errors: ["Reason can't be blank"] } });
      return ok(res, { event, kill_switch_status: statusPayload() });
    }
    if (method === 'POST' && action === 'resume') {
      if (!ks.halted) return fail(res, 409, 'AI activity is not currently suspended');
      const event = resumeAs(user, body?.mode);
      return ok(res, { event, kill_switch_status: statusPayload() });
    }
    if (method === 'GET' && action === 'preview_restore') {
      if (!ks.snapshot) return fail(res, 404, 'No snapshot available (AI activity is not suspended)');
      return ok(res, ks.snapshot);
    }
    if (method === 'GET' && action === 'events') {
      const raw = url.searchParams.get('limit');
      const parsed = raw === null ? 20 : Number.parseInt(raw, 10);
      const limit = Number.isNaN(parsed) ? 0 : Math.min(Math.max(parsed, 0), 100);
      return send(res, 200, { success: true, data: { events: ks.events.slice(0, limit), total_count: ks.events.length } });
    }
    return send(res, 404, { success: false, error: 'Not found', code: 'NOT_FOUND' });
  }

  /** Suspends everything and records the halt event; 'already' when halted, 'blank' for an empty reason (suspended, no event). */
  function haltAs(user, reason = 'Emergency halt triggered by user') {
    const ks = state.killSwitch;
    if (ks.halted) return 'already';
    const active = state.agents.filter((agent) => agent.status === 'active');
    ks.halted = true;
    ks.since = new Date();
    ks.snapshot = {
      agents_to_restore: active.length,
      total_agents: state.agents.length,
      ralph_loops_to_resume: 2,
      workflow_schedules_to_resume: 1,
      snapshot_taken_at: isoSeconds(ks.since),
    };
    if (reason === '') return 'blank';
    const event = {
      id: randomUUID(),
      event_type: 'halt',
      reason: String(reason),
      triggered_by: { id: user.id, email: user.email, name: user.name },
      impact: { cancelled_executions: 3, paused_loops: 2, paused_schedules: 1, cancelled_tasks: 4, demoted_agents: active.length },
      resume_mode: null,
      created_at: isoSeconds(ks.since),
    };
    ks.events.unshift(event);
    return event;
  }

  function resumeAs(user, requestedMode) {
    const ks = state.killSwitch;
    if (!ks.halted) return 'already';
    const mode = requestedMode === 'minimal' ? 'minimal' : 'full';
    ks.halted = false;
    ks.since = null;
    const event = {
      id: randomUUID(),
      event_type: 'resume',
      reason: `AI activity resumed (mode: ${mode})`,
      triggered_by: { id: user.id, email: user.email, name: user.name },
      impact: null,
      resume_mode: mode,
      created_at: isoSeconds(new Date()),
    };
    ks.events.unshift(event);
    return event;
  }

  function statusPayload() {
    const ks = state.killSwitch;
    const latestHalt = ks.events.find((event) => event.event_type === 'halt');
    return {
      halted: ks.halted,
      since: ks.halted ? isoSeconds(ks.since) : null,
      snapshot_preview: ks.halted ? ks.snapshot : null,
      latest_event: latestHalt
        ? { id: latestHalt.id, event_type: 'halt', reason: latestHalt.reason, created_at: latestHalt.created_at, triggered_by: latestHalt.triggered_by }
        : null,
    };
  }

  // ── agents ──────────────────────────────────────────────────────────────
  function listAgents(url, res) {
    if (url.searchParams.has('is_active')) return send(res, 500, { success: false, error: 'Something went wrong', code: 'INTERNAL_ERROR' });
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const perPage = Math.max(1, Number(url.searchParams.get('per_page') ?? 25) || 25);
    const status = url.searchParams.get('status');
    const search = url.searchParams.get('search')?.toLowerCase();
    const items = state.agents.filter(
      (agent) =>
        (!status || agent.status === status) &&
        (!search || agent.name.toLowerCase().includes(search) || (agent.description ?? '').toLowerCase().includes(search)),
    );
    const totalPages = Math.max(1, Math.ceil(items.length / perPage));
    return ok(res, {
      items: items.slice((page - 1) * perPage, page * perPage),
      pagination: { current_page: page, per_page: perPage, total_pages: totalPages, total_count: items.length },
    });
  }

  function agentTransition(id, action, user, res) {
    const agent = state.agents.find((candidate) => candidate.id === id);
    // Not found is checked before permissions, as on the server.
    if (!agent) return fail(res, 404, 'Agent not found');
    if (!user.permissions.includes('ai.agents.execute')) return fail(res, 403, 'Permission denied: ai.agents.execute', 'FORBIDDEN');
    if (action === 'pause') {
      if (agent.status !== 'active') return fail(res, 422, 'Agent must be active to pause');
      agent.status = 'paused';
    } else {
      if (agent.status !== 'paused') return fail(res, 422, 'Agent must be paused to resume');
      agent.status = 'active';
    }
    agent.updated_at = isoSeconds(new Date());
    return send(res, 200, { success: true, data: { agent }, message: `Agent ${action}d successfully` });
  }

  // ── health ──────────────────────────────────────────────────────────────
  function healthBase() {
    return { status: 'healthy', timestamp: isoSeconds(new Date()), uptime_seconds: Math.floor(process.uptime()), version: 'fake-1.0.0' };
  }

  function healthChecks() {
    return {
      database: { status: 'healthy', response_time_ms: 1.2, pool_size: 5, connections_in_use: 1 },
      redis: { status: 'skipped', message: 'Redis not configured' },
      memory: { status: 'healthy', used_mb: 512, used_percent: 41.5 },
      disk: { status: 'healthy', used_percent: 61.2, available_gb: 120.4 },
    };
  }

  // ── plumbing ────────────────────────────────────────────────────────────
  function setRefreshCookie(res, token) {
    const expires = new Date(Date.now() + 7 * 86_400_000).toUTCString();
    res.setHeader('Set-Cookie', `refresh_token=${token}; path=/api/v1/auth; expires=${expires}; HttpOnly; SameSite=Strict`);
  }

  function tooManyRequests(res, period) {
    res.setHeader('Retry-After', String(period));
    res.setHeader('X-RateLimit-Limit', String(state.rateLimit?.limit ?? 300));
    res.setHeader('X-RateLimit-Remaining', '0');
    res.setHeader('X-RateLimit-Reset', String(Math.floor(Date.now() / 1000) + period));
    res.setHeader('X-RateLimit-Tier', 'free');
    res.setHeader('X-RateLimit-Tier-Name', 'Free');
    return send(res, 429, {
      success: false,
      error: 'Too many requests',
      message: 'Rate limit exceeded. Please try again later.',
      tier: 'free',
      tier_name: 'Free',
      retry_after: period,
      upgrade_available: true,
    });
  }

  const ok = (res, data) => send(res, 200, { success: true, data });
  const fail = (res, status, error, code) => send(res, status, code ? { success: false, error, code } : { success: false, error });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    state,
    /** Stops listening (connections are refused, state is kept) until `listenAgain`. */
    stopListening: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    listenAgain: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    /** Calls the control endpoint in-process (same effect as POST /__control). */
    control: (input) =>
      fetch(`${url}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) }).then((r) => r.json()),
    log: () => state.log,
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res, status, payload) {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readCookie(req, name) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name && rest.length > 0) return rest.join('=');
  }
  return undefined;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
