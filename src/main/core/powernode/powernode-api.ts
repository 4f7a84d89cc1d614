import { z } from 'zod';
import {
  AgentActionAnswer,
  AgentsAnswer,
  ApiStatus,
  EventsAnswer,
  HaltOrResumeAnswer,
  HealthAnswer,
  LoginAnswer,
  type LoginSuccess,
  MeAnswer,
  RefreshAnswer,
  ApiSnapshotPreview,
  type ApiUser,
} from './api-schemas';
import type { PowernodeHttp, RawAnswer } from './http-client';
import { PowernodeError } from './powernode-error';

// The endpoints, one function each, exactly as powernode-api.md describes them. Each returns
// parsed data (and the rotated refresh cookie where the server sends one) or throws a
// PowernodeError with the plain message for that endpoint's failures.

export type LoginOutcome =
  | { kind: 'needs_2fa'; verificationToken: string }
  | { kind: 'logged_in'; user: ApiUser; accessToken: string; expiresAt: string; refreshToken: string | undefined; warning: string | undefined };

export async function login(http: PowernodeHttp, email: string, password: string): Promise<LoginOutcome> {
  const answer = await http.send('POST', '/auth/login', { body: { email, password } });
  if (answer.status === 401) throw loginFailure(http, answer);
  const data = http.expect(answer, LoginAnswer);
  if ('requires_2fa' in data) return { kind: 'needs_2fa', verificationToken: data.verification_token };
  return loggedIn(answer, data);
}

export async function verify2fa(http: PowernodeHttp, verificationToken: string, code: string): Promise<LoginOutcome> {
  const answer = await http.send('POST', '/auth/verify-2fa', { body: { verification_token: verificationToken, code } });
  if (answer.status === 401 || answer.status === 400) {
    throw new PowernodeError(
      'POWERNODE_2FA_FAILED',
      'The 2FA code was not accepted: it is wrong, expired, or this login step is too old. Log in again and type the current 6-digit code.',
      answer.status,
    );
  }
  const data = http.expect(answer, LoginAnswer);
  if ('requires_2fa' in data)
    throw new PowernodeError('POWERNODE_MALFORMED_ANSWER', 'Powernode asked for 2FA again after the code was accepted.', answer.status);
  return loggedIn(answer, data);
}

export async function refresh(
  http: PowernodeHttp,
  refreshToken: string,
  despiteRateLimit = false,
): Promise<{ accessToken: string; expiresAt: string; refreshToken: string | undefined }> {
  const answer = await http.send('POST', '/auth/refresh', { refreshCookie: refreshToken, despiteRateLimit });
  if (answer.status === 401 || answer.status === 400) {
    throw new PowernodeError('POWERNODE_LOGIN_REQUIRED', 'The Powernode session has ended (refresh refused); log in again.', answer.status);
  }
  const data = http.expect(answer, RefreshAnswer);
  return { accessToken: data.access_token, expiresAt: data.expires_at, refreshToken: answer.refreshCookie };
}

export async function logout(http: PowernodeHttp, accessToken: string, refreshToken: string | undefined): Promise<number> {
  const answer = await http.send('POST', '/auth/logout', {
    accessToken,
    refreshCookie: refreshToken,
    body: refreshToken ? { refresh_token: refreshToken } : undefined,
  });
  http.expect(answer, z.unknown());
  return answer.status;
}

export async function me(http: PowernodeHttp, accessToken: string): Promise<ApiUser> {
  return http.expect(await http.send('GET', '/auth/me', { accessToken }), MeAnswer).user;
}

export async function killSwitchStatus(http: PowernodeHttp, accessToken: string) {
  return http.expect(await http.send('GET', '/ai/kill_switch/status', { accessToken }), ApiStatus);
}

/** A 409 is an answer, not a crash: the state already is what was asked. */
export type StateChange =
  { kind: 'changed'; data: z.output<typeof HaltOrResumeAnswer>; httpStatus: number } | { kind: 'already'; message: string; httpStatus: 409 };

export async function halt(http: PowernodeHttp, accessToken: string, reason: string, despiteRateLimit = false): Promise<StateChange> {
  const answer = await http.send('POST', '/ai/kill_switch/halt', { accessToken, body: { reason }, despiteRateLimit });
  if (answer.status === 422) {
    // The server validates the reason only after it has suspended everything (powernode-api.md §3).
    const failure = http.failure(answer);
    throw new PowernodeError(
      'POWERNODE_REJECTED',
      `${failure.message} (the server validates the reason after suspending, so the halt may have happened)`,
      422,
      null,
      true,
    );
  }
  return stateChange(http, answer);
}

/** The server takes only `mode`; the operator's summary stays in the console's journal. */
export async function resume(http: PowernodeHttp, accessToken: string, mode: 'full' | 'minimal', despiteRateLimit = false): Promise<StateChange> {
  return stateChange(http, await http.send('POST', '/ai/kill_switch/resume', { accessToken, body: { mode }, despiteRateLimit }));
}

export async function killSwitchEvents(http: PowernodeHttp, accessToken: string, limit: number) {
  return http.expect(await http.send('GET', '/ai/kill_switch/events', { accessToken, query: { limit } }), EventsAnswer);
}

export async function previewRestore(http: PowernodeHttp, accessToken: string) {
  const answer = await http.send('GET', '/ai/kill_switch/preview_restore', { accessToken });
  if (answer.status === 404) return null;
  return http.expect(answer, ApiSnapshotPreview);
}

export interface AgentQuery {
  search?: string;
  status?: string;
  page: number;
  perPage: number;
}

export async function listAgents(http: PowernodeHttp, accessToken: string, query: AgentQuery) {
  const answer = await http.send('GET', '/ai/agents', {
    accessToken,
    query: { page: query.page, per_page: query.perPage, status: query.status, search: query.search || undefined, sort: 'name' },
  });
  return http.expect(answer, AgentsAnswer);
}

export async function agentAction(http: PowernodeHttp, accessToken: string, agentId: string, action: 'pause' | 'resume') {
  const answer = await http.send('POST', `/ai/agents/${encodeURIComponent(agentId)}/${action}`, { accessToken });
  return { agent: http.expect(answer, AgentActionAnswer).agent, httpStatus: answer.status };
}

export async function healthDetailed(http: PowernodeHttp) {
  return http.expect(await http.send('GET', '/health/detailed'), HealthAnswer);
}

function stateChange(http: PowernodeHttp, answer: RawAnswer): StateChange {
  if (answer.status === 409) {
    const failure = http.failure(answer);
    return { kind: 'already', message: failure.message, httpStatus: 409 };
  }
  return { kind: 'changed', data: http.expect(answer, HaltOrResumeAnswer), httpStatus: answer.status };
}

function loggedIn(answer: RawAnswer, data: z.output<typeof LoginSuccess>): LoginOutcome {
  return {
    kind: 'logged_in',
    user: data.user,
    accessToken: data.access_token,
    expiresAt: data.expires_at,
    refreshToken: answer.refreshCookie,
    warning: data.warning,
  };
}

function loginFailure(http: PowernodeHttp, answer: RawAnswer): PowernodeError {
  const failure = http.failure(answer);
  const text = (answer.json as { error?: unknown } | undefined)?.error;
  const serverMessage = typeof text === 'string' ? text : '';
  if (serverMessage === 'Invalid email or password') {
    return new PowernodeError('POWERNODE_WRONG_PASSWORD', 'Wrong email or password.', 401);
  }
  if (/locked due to multiple failed login attempts/.test(serverMessage)) {
    return new PowernodeError(
      'POWERNODE_ACCOUNT_LOCKED',
      'The account is locked after too many wrong passwords (for at least 30 minutes). Wait, or ask a Powernode admin to unlock it.',
      401,
    );
  }
  if (/suspended|inactive|access denied/i.test(serverMessage)) {
    return new PowernodeError('POWERNODE_ACCOUNT_DISABLED', `Powernode refused this account: ${serverMessage}.`, 401);
  }
  return failure;
}
