import { useSyncExternalStore } from 'react';
import type { LiveSnapshot, LiveStore } from './live-store';

const NOTHING: LiveSnapshot<undefined> = { value: undefined, error: undefined, loaded: false };
const neverChanges = () => () => undefined;
const nothing = () => NOTHING;

/** A live store's current snapshot, re-rendering when it changes; without a store (nothing to show yet), an empty one. */
export function useLiveStore<T>(store: LiveStore<T>): LiveSnapshot<T>;
export function useLiveStore<T>(store: LiveStore<T> | undefined): LiveSnapshot<T | undefined>;
export function useLiveStore<T>(store: LiveStore<T> | undefined): LiveSnapshot<T | undefined> {
  return useSyncExternalStore<LiveSnapshot<T | undefined>>(store?.subscribe ?? neverChanges, store?.getSnapshot ?? nothing);
}
