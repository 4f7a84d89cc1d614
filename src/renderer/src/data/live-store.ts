import type { EventName, EventPayload } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { type ConsoleClient } from '../api/client';

/** How each pushed event changes the value; returning the value unchanged means the event is not about it. */
export type EventFolds<T> = { [E in EventName]?: (value: T, payload: EventPayload<E>) => T };

/** Pushed events that say something changed without saying what: the value is read again. */
export type ReloadTriggers = { [E in EventName]?: (payload: EventPayload<E>) => boolean };

export interface LiveStoreSpec<T> {
  /** The value before the first answer. */
  initial: T;
  /** Reads the value through the client; `current` is the value when the answer arrives (to keep what is still good). */
  load: (client: ConsoleClient, current: () => T) => Promise<T>;
  fold?: EventFolds<T>;
  reloadOn?: ReloadTriggers;
  /** Coalesces change notifications (one render per animation frame for a flood of command output). */
  schedule?: (notify: () => void) => void;
  /**
   * Whether a value read again is the one already shown: then its readers are not told (no render).
   * For values read again after every note (triage status, roster), which a note rarely changes.
   */
  unchanged?: (shown: T, loaded: T) => boolean;
}

export interface LiveSnapshot<T> {
  readonly value: T;
  /** The last load's failure (code, message, issues), until a load succeeds. */
  readonly error: ConsoleError | undefined;
  /** A load has answered, successfully or not. */
  readonly loaded: boolean;
}

/**
 * The renderer's one way to hold data from main: a method's answer, kept current by the events
 * main pushes, for `useSyncExternalStore`. It listens only while someone reads it (and reads
 * again when it starts over, having missed pushes meanwhile), reads again after the push stream
 * was cut, and replays the pushes that arrived while a load was on its way onto its answer:
 * the answer may be older than they are. Folds must therefore be idempotent (merge by key).
 */
export class LiveStore<T> {
  private snapshot: LiveSnapshot<T>;
  private readonly listeners = new Set<() => void>();
  private stopListening: Array<() => void> = [];
  private ticket = 0;
  /** The changes made while the current load is on its way, replayed onto its answer. */
  private sinceLoad: Array<(value: T) => T> | undefined;
  private notifyScheduled = false;
  private listening = false;
  private stopPending = false;

  constructor(
    private readonly client: ConsoleClient,
    private readonly spec: LiveStoreSpec<T>,
  ) {
    this.snapshot = { value: spec.initial, error: undefined, loaded: false };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.stopPending = false;
    if (!this.listening) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      // A reader that leaves and comes back at once (React resubscribing in one commit) is no reason to read again.
      this.stopPending = true;
      queueMicrotask(() => {
        if (this.stopPending && this.listeners.size === 0) this.stop();
      });
    };
  };

  readonly getSnapshot = (): LiveSnapshot<T> => this.snapshot;

  /**
   * Reads the value again (the answer of a load still on its way is dropped). Readers are told
   * only of the answer, and not even of that when it is the value they already show.
   */
  readonly reload = (): void => {
    const ticket = ++this.ticket;
    this.sinceLoad = [];
    this.spec
      .load(this.client, () => this.snapshot.value)
      .then((loaded) => {
        if (ticket !== this.ticket) return;
        const value = (this.sinceLoad ?? []).reduce((current, change) => change(current), loaded);
        this.sinceLoad = undefined;
        if (this.showsAlready(value)) return;
        this.publish({ value, error: undefined, loaded: true });
      })
      .catch((error: unknown) => {
        if (ticket !== this.ticket) return;
        this.sinceLoad = undefined;
        this.publish({ ...this.snapshot, error: ConsoleError.from(error), loaded: true });
      });
  };

  private showsAlready(value: T): boolean {
    const { unchanged } = this.spec;
    const shown = this.snapshot;
    return unchanged !== undefined && shown.loaded && shown.error === undefined && unchanged(shown.value, value);
  }

  /** A change the renderer itself knows of (a run it started, a runbook it loaded); kept if a load answers after it. */
  readonly update = (change: (value: T) => T): void => {
    this.sinceLoad?.push(change);
    const value = change(this.snapshot.value);
    if (value !== this.snapshot.value) this.publish({ ...this.snapshot, value });
  };

  private start(): void {
    this.listening = true;
    const folds = Object.entries(this.spec.fold ?? {}) as Array<[EventName, (value: T, payload: unknown) => T]>;
    const triggers = Object.entries(this.spec.reloadOn ?? {}) as Array<[EventName, (payload: unknown) => boolean]>;
    this.stopListening = [
      ...folds.map(([event, fold]) => this.client.on(event, (payload) => this.update((value) => fold(value, payload)))),
      ...triggers.map(([event, concerns]) =>
        this.client.on(event, (payload) => {
          if (concerns(payload)) this.reload();
        }),
      ),
      this.client.onReconnect(this.reload),
    ];
    this.reload();
  }

  private stop(): void {
    this.listening = false;
    this.stopPending = false;
    for (const unsubscribe of this.stopListening) unsubscribe();
    this.stopListening = [];
    this.ticket += 1;
    this.sinceLoad = undefined;
  }

  private publish(next: LiveSnapshot<T>): void {
    this.snapshot = next;
    if (!this.spec.schedule) return this.notify();
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    this.spec.schedule(() => {
      this.notifyScheduled = false;
      this.notify();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
