import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ConsoleClient } from './client';

interface ClientScope {
  client: ConsoleClient;
  /** What `useShared` built from this client, by factory (and key). */
  shared: Map<unknown, unknown>;
}

const ClientContext = createContext<ClientScope | undefined>(undefined);

/** Hands the client to every screen; what is shared between screens is built once per client. */
export function ClientProvider({ client, children }: { client: ConsoleClient; children: ReactNode }) {
  const scope = useMemo<ClientScope>(() => ({ client, shared: new Map() }), [client]);
  return <ClientContext.Provider value={scope}>{children}</ClientContext.Provider>;
}

function useScope(): ClientScope {
  const scope = useContext(ClientContext);
  if (!scope) throw new Error('useClient outside ClientProvider');
  return scope;
}

export function useClient(): ConsoleClient {
  return useScope().client;
}

function sharedIn<T>(scope: ClientScope, create: (client: ConsoleClient, key: string) => T, key: string): T {
  let byKey = scope.shared.get(create) as Map<string, T> | undefined;
  if (!byKey) {
    byKey = new Map();
    scope.shared.set(create, byKey);
  }
  let built = byKey.get(key);
  if (built === undefined) {
    built = create(scope.client, key);
    byKey.set(key, built);
  }
  return built;
}

/** One instance per client of what `create` builds: a live store every screen reads, the console clock. */
export function useShared<T>(create: (client: ConsoleClient) => T): T {
  return sharedIn(useScope(), create, '');
}

/** One instance per client and key (an incident's severity status, say); none without a key. */
export function useSharedFor<T>(create: (client: ConsoleClient, key: string) => T, key: string | undefined): T | undefined {
  const scope = useScope();
  return key === undefined ? undefined : sharedIn(scope, create, key);
}
