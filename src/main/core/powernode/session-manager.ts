import type { KeychainStatus, Profile, SessionView } from '../../../shared/powernode-schemas';
import { ConsoleError, errorMessage } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { SecretStore } from '../secrets';
import type { ApiUser } from './api-schemas';
import type { PowernodeHttp } from './http-client';
import * as api from './powernode-api';
import { PowernodeError } from './powernode-error';
import { keychainService, PASSWORD_ACCOUNT, REFRESH_ACCOUNT, type ProfileStore } from './profile-store';

/** One profile's established session; lives only in main's memory. */
interface Session {
  storage: 'keychain' | 'memory';
  accessToken: string;
  accessExpiresAt: string;
  refreshToken?: string;
  user?: ApiUser;
}

/** A login waiting for its 2FA code. It never replaces the session already established. */
interface Pending2fa {
  storage: 'keychain' | 'memory';
  verificationToken: string;
  pendingPassword?: string;
  /** Which login attempt it belongs to (a newer attempt's answer wins). */
  attempt: number;
}

export interface SessionManagerDeps {
  profiles: ProfileStore;
  keychain: SecretStore;
  clock: Clock;
  httpFor: (profile: Profile) => PowernodeHttp;
  onChange: (view: SessionView) => void;
}

export interface LoginAnswer {
  session: SessionView;
  warning: string | null;
  httpStatus: number | null;
}

/**
 * Logins, the 2FA step and refreshes. Access tokens stay here, in memory; the password and the
 * refresh token go to the keychain only when the operator asked to be remembered. A 401 on a
 * call refreshes once and retries; a second 401 asks for a new login.
 *
 * A session survives typos: a login, 2FA step or refresh that fails leaves the established
 * session as it was, and an answer only ever removes the very session it was about (so a late
 * failure cannot delete a newer session, and a late success cannot replace one).
 */
export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly pending2fa = new Map<string, Pending2fa>();
  private readonly refreshing = new Map<string, Promise<void>>();
  /** Per profile: the number of the latest login attempt, and of the attempt that set the session. */
  private readonly attempts = new Map<string, number>();
  private readonly establishedBy = new Map<string, number>();

  constructor(private readonly deps: SessionManagerDeps) {}

  keychainStatus(): Promise<KeychainStatus> {
    return this.deps.keychain.probe();
  }

  async login(profileName: string, password: string, remember: boolean): Promise<LoginAnswer> {
    const profile = this.profile(profileName);
    if (remember) {
      const keychain = await this.deps.keychain.probe();
      if (!keychain.available) throw new ConsoleError('KEYCHAIN_UNAVAILABLE', keychain.message ?? 'No OS keychain is available.');
    }
    const attempt = (this.attempts.get(profileName) ?? 0) + 1;
    this.attempts.set(profileName, attempt);
    // A failure throws here and leaves the current session (if any) untouched.
    const outcome = await api.login(this.deps.httpFor(profile), profile.email, password);
    const storage = remember ? 'keychain' : 'memory';
    if (outcome.kind === 'needs_2fa') {
      // The password waits in memory for the code, so it can be remembered once the login completes.
      if (attempt === this.attempts.get(profileName)) {
        this.pending2fa.set(profileName, { storage, verificationToken: outcome.verificationToken, pendingPassword: remember ? password : undefined, attempt });
      }
      return this.answer(profileName, null, 200);
    }
    await this.establish(profileName, attempt, storage, outcome, remember ? password : undefined);
    return this.answer(profileName, outcome.warning ?? null, 200);
  }

  async verify2fa(profileName: string, code: string): Promise<LoginAnswer> {
    const profile = this.profile(profileName);
    const pending = this.pending2fa.get(profileName);
    if (!pending) {
      throw new PowernodeError('POWERNODE_NO_2FA_PENDING', `No login waiting for a 2FA code on ${profileName}; log in first.`);
    }
    try {
      const outcome = await api.verify2fa(this.deps.httpFor(profile), pending.verificationToken, code);
      if (outcome.kind !== 'logged_in') throw new PowernodeError('POWERNODE_MALFORMED_ANSWER', 'Unexpected 2FA answer');
      if (this.pending2fa.get(profileName) === pending) this.pending2fa.delete(profileName);
      await this.establish(profileName, pending.attempt, pending.storage, outcome, pending.pendingPassword);
      return this.answer(profileName, outcome.warning ?? null, 200);
    } catch (error) {
      // The 2FA step starts over after a refused code, but only this step: the established
      // session, and a newer login waiting for its own code, stay as they are.
      if (error instanceof PowernodeError && error.code === 'POWERNODE_2FA_FAILED' && this.pending2fa.get(profileName) === pending) {
        this.pending2fa.delete(profileName);
      }
      this.emit(profileName);
      throw error;
    }
  }

  /** Logs out on the server (best effort), then forgets the session and the stored secrets. */
  async logout(profileName: string): Promise<{ httpStatus: number | null; serverError: string | null }> {
    const profile = this.profile(profileName);
    const session = this.sessions.get(profileName);
    let httpStatus: number | null = null;
    let serverError: string | null = null;
    if (session?.accessToken) {
      try {
        httpStatus = await api.logout(this.deps.httpFor(profile), session.accessToken, session.refreshToken);
      } catch (error) {
        httpStatus = error instanceof PowernodeError ? error.httpStatus : null;
        serverError = errorMessage(error);
      }
    }
    await this.forget(profileName);
    return { httpStatus, serverError };
  }

  /** Drops the session and every stored secret of the profile. */
  async forget(profileName: string): Promise<void> {
    this.sessions.delete(profileName);
    this.pending2fa.delete(profileName);
    this.establishedBy.set(profileName, this.attempts.get(profileName) ?? 0);
    const keychain = await this.deps.keychain.probe();
    if (keychain.available) await this.deps.keychain.deleteAll(keychainService(profileName));
    this.emit(profileName);
  }

  /**
   * Runs `call` with a valid access token: on 401 refreshes once and retries; a second 401 means
   * log in again. A lasting 401 (account suspended…) is not retried: no token would cure it.
   */
  async withToken<T>(profileName: string, call: (accessToken: string) => Promise<T>, options: { despiteRateLimit?: boolean } = {}): Promise<T> {
    let session = this.sessions.get(profileName);
    if (!session) {
      await this.refresh(profileName, options.despiteRateLimit);
      session = this.sessions.get(profileName);
      if (!session) throw new PowernodeError('POWERNODE_NOT_LOGGED_IN', `Not logged in to ${profileName}; log in first.`);
    }
    try {
      return await call(session.accessToken);
    } catch (error) {
      if (!(error instanceof PowernodeError) || error.code !== 'POWERNODE_UNAUTHORIZED') throw error;
    }
    await this.refresh(profileName, options.despiteRateLimit);
    const refreshed = this.sessions.get(profileName);
    if (!refreshed) throw new PowernodeError('POWERNODE_LOGIN_REQUIRED', `The Powernode session for ${profileName} has ended; log in again.`, 401);
    try {
      return await call(refreshed.accessToken);
    } catch (error) {
      if (error instanceof PowernodeError && error.code === 'POWERNODE_UNAUTHORIZED') {
        // Only this session is dropped: a login that completed meanwhile stays.
        if (this.sessions.get(profileName) === refreshed) this.sessions.delete(profileName);
        this.emit(profileName);
        throw new PowernodeError(
          'POWERNODE_LOGIN_REQUIRED',
          `Powernode refused the session for ${profileName} even after a refresh (${error.message}); log in again.`,
          401,
        );
      }
      throw error;
    }
  }

  isLoggedIn(profileName: string): boolean {
    return this.sessions.has(profileName);
  }

  async view(profileName: string): Promise<SessionView> {
    const session = this.sessions.get(profileName);
    const pending = this.pending2fa.get(profileName);
    if (pending)
      return {
        ...(session ? this.viewOf(profileName, session) : { profile: profileName, user: null, accessExpiresAt: null }),
        state: 'needs_2fa',
        storage: pending.storage,
      };
    if (session) return this.viewOf(profileName, session);
    const keychain = await this.deps.keychain.probe();
    const stored = keychain.available ? await this.deps.keychain.get(keychainService(profileName), REFRESH_ACCOUNT) : null;
    return { profile: profileName, state: stored ? 'can_resume' : 'logged_out', user: null, accessExpiresAt: null, storage: stored ? 'keychain' : 'none' };
  }

  async hasStored(profileName: string): Promise<{ password: boolean; refreshToken: boolean }> {
    const keychain = await this.deps.keychain.probe();
    if (!keychain.available) return { password: false, refreshToken: false };
    const service = keychainService(profileName);
    return {
      password: (await this.deps.keychain.get(service, PASSWORD_ACCOUNT)) !== null,
      refreshToken: (await this.deps.keychain.get(service, REFRESH_ACCOUNT)) !== null,
    };
  }

  /** Who triggered a call, for the journal (never a token). */
  userLabel(profileName: string): string | null {
    const user = this.sessions.get(profileName)?.user;
    return user ? `${user.name || user.full_name || user.email} <${user.email}>` : null;
  }

  private refresh(profileName: string, despiteRateLimit = false): Promise<void> {
    const running = this.refreshing.get(profileName);
    if (running) return running;
    const attempt = this.refreshOnce(profileName, despiteRateLimit).finally(() => this.refreshing.delete(profileName));
    this.refreshing.set(profileName, attempt);
    return attempt;
  }

  private async refreshOnce(profileName: string, despiteRateLimit: boolean): Promise<void> {
    const profile = this.profile(profileName);
    const session = this.sessions.get(profileName);
    const settledBy = this.establishedBy.get(profileName) ?? 0;
    let refreshToken = session?.refreshToken;
    let storage = session?.storage ?? 'memory';
    if (!refreshToken && (await this.deps.keychain.probe()).available) {
      refreshToken = (await this.deps.keychain.get(keychainService(profileName), REFRESH_ACCOUNT)) ?? undefined;
      storage = 'keychain';
    }
    if (!refreshToken) throw new PowernodeError('POWERNODE_NOT_LOGGED_IN', `Not logged in to ${profileName}; log in first.`);
    // Whether the session is still the one this refresh started from (no login or logout since).
    const unchanged = () => this.sessions.get(profileName) === session && (this.establishedBy.get(profileName) ?? 0) === settledBy;
    try {
      const refreshed = await api.refresh(this.deps.httpFor(profile), refreshToken, despiteRateLimit);
      const next: Session = {
        ...(session ?? {}),
        storage,
        accessToken: refreshed.accessToken,
        accessExpiresAt: refreshed.expiresAt,
        refreshToken: refreshed.refreshToken ?? refreshToken,
      };
      if (!next.user) next.user = await api.me(this.deps.httpFor(profile), refreshed.accessToken);
      // A login that completed meanwhile is newer: it stays.
      if (!unchanged()) return;
      this.sessions.set(profileName, next);
      if (storage === 'keychain' && refreshed.refreshToken) {
        await this.deps.keychain.set(keychainService(profileName), REFRESH_ACCOUNT, refreshed.refreshToken);
      }
      this.emit(profileName);
    } catch (error) {
      if (error instanceof PowernodeError && error.code === 'POWERNODE_LOGIN_REQUIRED' && unchanged()) {
        this.sessions.delete(profileName);
        if ((await this.deps.keychain.probe()).available) {
          await this.deps.keychain.delete(keychainService(profileName), REFRESH_ACCOUNT);
          if (await this.reloginWithStoredPassword(profile)) return;
        }
        this.emit(profileName);
      }
      throw error;
    }
  }

  /**
   * A remembered password logs in again by itself once the refresh token has ended, unless the
   * account needs 2FA (a person must type the code). A refused password is deleted at once, so a
   * stale one can never walk the account into its 5-failures lock.
   */
  private async reloginWithStoredPassword(profile: Profile): Promise<boolean> {
    const service = keychainService(profile.name);
    const password = await this.deps.keychain.get(service, PASSWORD_ACCOUNT);
    if (!password) return false;
    try {
      const attempt = (this.attempts.get(profile.name) ?? 0) + 1;
      this.attempts.set(profile.name, attempt);
      const outcome = await api.login(this.deps.httpFor(profile), profile.email, password);
      if (outcome.kind !== 'logged_in') return false;
      await this.establish(profile.name, attempt, 'keychain', outcome, password);
      this.emit(profile.name);
      return true;
    } catch (error) {
      if (error instanceof PowernodeError && (error.code === 'POWERNODE_WRONG_PASSWORD' || error.code === 'POWERNODE_ACCOUNT_LOCKED')) {
        await this.deps.keychain.delete(service, PASSWORD_ACCOUNT);
      }
      return false;
    }
  }

  /** Sets the session a login produced, unless a newer attempt already set one (its answer came later). */
  private async establish(
    profileName: string,
    attempt: number,
    storage: 'keychain' | 'memory',
    outcome: Extract<api.LoginOutcome, { kind: 'logged_in' }>,
    rememberPassword: string | undefined,
  ): Promise<void> {
    if (attempt < (this.establishedBy.get(profileName) ?? 0)) return;
    this.establishedBy.set(profileName, attempt);
    this.sessions.set(profileName, {
      storage,
      accessToken: outcome.accessToken,
      accessExpiresAt: outcome.expiresAt,
      refreshToken: outcome.refreshToken,
      user: outcome.user,
    });
    const service = keychainService(profileName);
    if (storage === 'keychain') {
      if (rememberPassword) await this.deps.keychain.set(service, PASSWORD_ACCOUNT, rememberPassword);
      if (outcome.refreshToken) await this.deps.keychain.set(service, REFRESH_ACCOUNT, outcome.refreshToken);
    } else if ((await this.deps.keychain.probe()).available) {
      // "This run only" means nothing from an earlier remembered login lingers either.
      await this.deps.keychain.deleteAll(service);
    }
  }

  private async answer(profileName: string, warning: string | null, httpStatus: number | null): Promise<LoginAnswer> {
    this.emit(profileName);
    return { session: await this.view(profileName), warning, httpStatus };
  }

  private emit(profileName: string): void {
    void this.view(profileName).then(this.deps.onChange, () => undefined);
  }

  private viewOf(profileName: string, session: Session): SessionView {
    return {
      profile: profileName,
      state: 'logged_in',
      user: session.user
        ? { name: session.user.name || session.user.full_name || session.user.email, email: session.user.email, permissions: session.user.permissions }
        : null,
      accessExpiresAt: session.accessExpiresAt,
      storage: session.storage,
    };
  }

  private profile(name: string): Profile {
    const profile = this.deps.profiles.get(name);
    if (!profile) throw new PowernodeError('POWERNODE_UNKNOWN_PROFILE', `There is no Powernode profile named "${name}".`);
    return profile;
  }
}
