import type { z } from 'zod';
import { actionIncidentTitle } from '../../../shared/action-incident-title';
import type { AgentView, HealthResult, KillSwitchEvent, Profile, ProfilesList, SessionView } from '../../../shared/powernode-schemas';
import { errorMessage } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { SetAsideReporter } from '../files/set-aside-log';
import type { Handlers, MethodsIn } from '../handlers';
import type { JournalPort } from '../journal/journal-port';
import { KeytarSecretStore, type SecretStore } from '../secrets';
import type { ApiAgent, ApiEvent } from './api-schemas';
import type { LookupFunction } from 'node:net';
import { DEFAULT_TIMEOUTS, PowernodeHttp, type Timeouts } from './http-client';
import { createKillSwitchActions, withJournalNote } from './kill-switch-actions';
import { KillSwitchMonitor } from './kill-switch-monitor';
import { KillSwitchReconciler } from './kill-switch-reconciler';
import * as api from './powernode-api';
import { httpStatusOf, mayHaveActed, PowernodeError } from './powernode-error';
import { PowernodeJournal } from './powernode-journal';
import { ProfileStore } from './profile-store';
import { SessionManager } from './session-manager';

export interface PowernodeServiceDeps {
  dataDir: string;
  operator: string;
  clock: Clock;
  journal: JournalPort;
  events: EventBus;
  secrets?: SecretStore;
  timeouts?: Timeouts;
  pollMs?: number;
  /** Tests pass a resolver so a DNS failure can be exercised without querying a real DNS server. */
  dnsLookup?: LookupFunction;
  /** Told when a damaged profiles file had to be set aside. */
  reportSetAside?: SetAsideReporter;
}

export interface PowernodeService {
  handlers: Handlers<MethodsIn<'profiles' | 'powernode' | 'killSwitch' | 'agents'>>;
  close(): Promise<void>;
}

/** Profiles, sessions, the kill switch and agents, behind the contract's powernode methods. */
export function createPowernodeService(deps: PowernodeServiceDeps): PowernodeService {
  const profiles = new ProfileStore(deps.dataDir, deps.reportSetAside, deps.clock);
  const keychain = deps.secrets ?? new KeytarSecretStore();
  const journal = new PowernodeJournal(deps.journal, deps.operator, deps.clock);
  const clients = new Map<string, PowernodeHttp>();

  const httpFor = (profile: Profile): PowernodeHttp => {
    const key = clientKey(profile);
    let client = clients.get(key);
    if (!client) {
      client = new PowernodeHttp(profile.baseUrl, deps.timeouts ?? DEFAULT_TIMEOUTS, () => deps.clock.now().getTime(), deps.dnsLookup);
      // A 429 on any call closes the profile's window: the chip counts down to its end at once.
      client.onRateLimited((until) => monitor.noteRateLimit(profile.name, until));
      clients.set(key, client);
    }
    return client;
  };
  const rateLimitedUntil = (name: string): string | null => {
    const profile = profiles.get(name);
    return profile ? (clients.get(clientKey(profile))?.rateLimitedUntil() ?? null) : null;
  };
  const profileNamed = (name: string): Profile => {
    const profile = profiles.get(name);
    if (!profile) throw new PowernodeError('POWERNODE_UNKNOWN_PROFILE', `There is no Powernode profile named "${name}".`);
    return profile;
  };

  const sessions = new SessionManager({
    profiles,
    keychain,
    clock: deps.clock,
    httpFor,
    onChange: (view) => deps.events.emit('powernode.sessionChanged', view),
  });
  const withToken = <T>(name: string, call: (http: PowernodeHttp, token: string) => Promise<T>) =>
    sessions.withToken(name, (token) => call(httpFor(profileNamed(name)), token));

  const monitor: KillSwitchMonitor = new KillSwitchMonitor({
    clock: deps.clock,
    pollMs: deps.pollMs,
    fetchStatus: (name) => withToken(name, (http, token) => api.killSwitchStatus(http, token)),
    emit: (state) => deps.events.emit('killSwitch.changed', state),
    rateLimitedUntil,
    afterStatus: (name, status, before, readEvents, askedAt) => reconciler.afterStatus(name, status, before, readEvents, askedAt),
  });
  const reconciler = new KillSwitchReconciler({
    clock: deps.clock,
    journal,
    monitor,
    fetchEvents: async (name) => (await withToken(name, (http, token) => api.killSwitchEvents(http, token, RECONCILE_EVENTS))).events,
  });
  const haltAndResume = createKillSwitchActions({ clock: deps.clock, profileNamed, httpFor, sessions, monitor, reconciler, journal });

  async function listProfiles(): Promise<ProfilesList> {
    const list = [];
    for (const profile of profiles.list()) {
      const stored = await sessions.hasStored(profile.name);
      list.push({ ...profile, hasStoredPassword: stored.password, hasStoredRefreshToken: stored.refreshToken });
    }
    return { profiles: list, keychain: await sessions.keychainStatus() };
  }

  async function sessionViews(): Promise<SessionView[]> {
    return Promise.all(profiles.list().map((profile) => sessions.view(profile.name)));
  }

  function who(profile: string): string {
    return sessions.userLabel(profile) ?? deps.operator;
  }

  /** Journals a login/logout outcome into the incident the call names, if any (none is opened for it). */
  function journalSession(incidentId: string | undefined, operation: string, profile: string, httpStatus: number | null, ok: boolean, outcome: string) {
    if (!incidentId) return;
    journal.call(incidentId, `${operation} on ${profile}: ${outcome}`, { operation, profile, httpStatus, ok, outcome }, null);
  }

  // Remembered sessions come back by themselves: a stored refresh token starts the status polling.
  void (async () => {
    for (const view of await sessionViews()) if (view.state === 'can_resume') await monitor.watch(view.profile);
  })().catch(() => undefined);

  const handlers: PowernodeService['handlers'] = {
    'profiles.list': () => listProfiles(),
    'profiles.save': async (input) => {
      const before = profiles.get(input.name);
      if (before && (before.baseUrl !== input.baseUrl || before.email !== input.email)) {
        // Another server or another user: the old session and secrets do not belong to it.
        await sessions.forget(input.name);
        monitor.unwatch(input.name);
      }
      profiles.save({ name: input.name, baseUrl: input.baseUrl.replace(/\/+$/, ''), email: input.email.toLowerCase() });
      return listProfiles();
    },
    'profiles.remove': async ({ profile }) => {
      profileNamed(profile);
      await sessions.forget(profile);
      monitor.unwatch(profile);
      profiles.remove(profile);
      return listProfiles();
    },

    'powernode.login': async ({ profile, password, remember, incidentId }) => {
      try {
        const answer = await sessions.login(profile, password, remember);
        if (answer.session.state === 'logged_in') {
          journalSession(incidentId, 'login', profile, answer.httpStatus, true, `Logged in as ${who(profile)}`);
          void monitor.watch(profile);
        }
        return { session: answer.session, warning: answer.warning };
      } catch (error) {
        journalSession(incidentId, 'login', profile, httpStatusOf(error), false, errorMessage(error));
        throw error;
      }
    },
    'powernode.verify2fa': async ({ profile, code, incidentId }) => {
      try {
        const answer = await sessions.verify2fa(profile, code);
        journalSession(incidentId, 'login', profile, answer.httpStatus, true, `Logged in with 2FA as ${who(profile)}`);
        void monitor.watch(profile);
        return { session: answer.session, warning: answer.warning };
      } catch (error) {
        journalSession(incidentId, 'login', profile, httpStatusOf(error), false, errorMessage(error));
        throw error;
      }
    },
    'powernode.logout': async ({ profile, incidentId }) => {
      profileNamed(profile);
      const user = who(profile);
      const result = await sessions.logout(profile);
      monitor.unwatch(profile);
      const outcome = result.serverError
        ? `Logged out locally (secrets forgotten); the server did not confirm: ${result.serverError}`
        : `Logged out ${user}; session and stored secrets forgotten`;
      journalSession(incidentId, 'logout', profile, result.httpStatus, result.serverError === null, outcome);
      return sessions.view(profile);
    },
    'powernode.session': async () => ({ sessions: await sessionViews(), keychain: await sessions.keychainStatus() }),
    'powernode.health': async ({ profile }) => toHealth(await api.healthDetailed(httpFor(profileNamed(profile)))),

    'killSwitch.overview': async () => ({
      states: profiles.list().map((profile) => monitor.current(profile.name)),
    }),
    'killSwitch.status': async ({ profile, refresh }) => {
      profileNamed(profile);
      // "Check status" on an unclear outcome reads the event list too (the check settles it).
      return refresh ? monitor.check(profile, { readEvents: reconciler.hasPending(profile) }) : monitor.current(profile);
    },
    ...haltAndResume,
    'killSwitch.events': async ({ profile, limit }) => {
      const answer = await withToken(profile, (http, token) => api.killSwitchEvents(http, token, limit));
      void reconciler.noteEvents(profile, answer.events);
      return { events: answer.events.map(toEvent), totalCount: answer.total_count };
    },
    'killSwitch.previewRestore': async ({ profile }) => {
      const preview = await withToken(profile, (http, token) => api.previewRestore(http, token));
      return preview ? { preview, message: null } : { preview: null, message: 'No snapshot: AI activity has never been halted on this account.' };
    },

    'agents.list': async ({ profile, search, status, page, perPage }) => {
      const answer = await withToken(profile, (http, token) => api.listAgents(http, token, { search, status, page, perPage }));
      return {
        items: answer.items.map(toAgent),
        page: answer.pagination.current_page,
        totalPages: answer.pagination.total_pages,
        totalCount: answer.pagination.total_count,
      };
    },
    'agents.pause': (input) => agentAction(input, 'pause'),
    'agents.resume': (input) => agentAction(input, 'resume'),
  };

  async function agentAction({ profile, agentId, incidentId }: { profile: string; agentId: string; incidentId?: string }, action: 'pause' | 'resume') {
    profileNamed(profile);
    const operation = `agent.${action}` as const;
    const titleIfNew = actionIncidentTitle(operation, profile, agentId);
    try {
      const { agent, httpStatus } = await withToken(profile, (http, token) => api.agentAction(http, token, agentId, action));
      const outcome = `Agent "${agent.name}" ${action === 'pause' ? 'paused' : 'resumed'}; status now ${agent.status}`;
      const logged = journal.call(
        incidentId,
        `${action === 'pause' ? 'Paused' : 'Resumed'} agent ${agent.name} on ${profile}`,
        { operation, profile, target: `${agent.name} (${agent.id})`, httpStatus, ok: true, outcome },
        titleIfNew,
      );
      return { agent: toAgent(agent), outcome: logged.problem ? `${outcome} (${logged.problem})` : outcome, incidentId: logged.incidentId };
    } catch (error) {
      // A pause that may have reached the server is not "failed": the agent list shows what it did.
      const unknown = mayHaveActed(error);
      const text = `${action === 'pause' ? 'Pause' : 'Resume'} of agent ${agentId} on ${profile}: ${unknown ? 'outcome unknown' : 'not carried out'}`;
      const outcome = unknown ? `Sent, outcome unknown: ${errorMessage(error)} Check the agent's status in the list.` : errorMessage(error);
      const logged = journal.call(incidentId, text, { operation, profile, target: agentId, httpStatus: httpStatusOf(error), ok: false, outcome }, titleIfNew);
      throw withJournalNote(error, logged.problem);
    }
  }

  return {
    handlers,
    async close() {
      monitor.close();
      await Promise.all([...clients.values()].map((client) => client.close().catch(() => undefined)));
    },
  };
}

/** How many events a reconciliation reads (one request, whatever the count, up to the server's 100). */
const RECONCILE_EVENTS = 50;

const clientKey = (profile: Profile) => `${profile.name}\u0000${profile.baseUrl}`;

function toEvent(event: ApiEvent): KillSwitchEvent {
  return {
    id: event.id,
    type: event.event_type,
    reason: event.reason,
    by: event.triggered_by ? { ...event.triggered_by } : null,
    impact: event.impact ?? null,
    resumeMode: event.resume_mode ?? null,
    createdAt: event.created_at,
  };
}

function toAgent(agent: ApiAgent): AgentView {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description ?? null,
    agentType: agent.agent_type,
    status: agent.status,
    lastExecutedAt: agent.last_executed_at ?? null,
    createdBy: agent.created_by ? agent.created_by.name || agent.created_by.email : null,
    totalExecutions: agent.execution_stats?.total_executions ?? null,
    failedExecutions: agent.execution_stats?.failed_executions ?? null,
  };
}

function toHealth(answer: Awaited<ReturnType<typeof api.healthDetailed>>): z.input<typeof HealthResult> {
  return {
    status: answer.status,
    version: answer.version ?? null,
    uptimeSeconds: answer.uptime_seconds ?? null,
    checks: Object.entries(answer.checks ?? {}).map(([name, check]) => ({
      name,
      status: check.status,
      detail: Object.entries(check)
        .filter(([key]) => key !== 'status')
        .map(([key, value]) => `${key}: ${String(value)}`)
        .join(', '),
    })),
  };
}
