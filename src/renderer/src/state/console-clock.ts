import { useEffect, useState } from 'react';
import type { ConsoleClient } from '../api/client';
import { useShared } from '../api/client-context';

const RESYNC_MS = 60_000;

/**
 * The renderer's countdowns follow main's clock, because main stamps every journal entry: a
 * countdown on the page's own clock could disagree with the times it is measured from. Both
 * processes read the same OS clock, so the offset is zero in normal use and constant when main
 * runs from `--clock-start`; it is measured at start (halfway through the round trip) and
 * re-measured every minute and whenever the window becomes visible again (after a sleep).
 */
export class ConsoleClock {
  private offsetMs = 0;
  private started = false;
  /** Until the first answer, the page's clock may be far from main's (`--clock-start`): show no countdown. */
  private synced = false;

  constructor(private readonly client: ConsoleClient) {}

  /** Main's current time, as well as the renderer knows it; undefined until main's clock is known. */
  now(): number | undefined {
    this.start();
    return this.synced ? Date.now() + this.offsetMs : undefined;
  }

  private async sync(): Promise<void> {
    const sent = Date.now();
    try {
      const info = await this.client.call('app.info', {});
      const received = Date.now();
      this.offsetMs = Date.parse(info.now) - (sent + received) / 2;
    } catch {
      // Keep the last offset: a failed sync must not make every countdown jump.
    } finally {
      this.synced = true;
    }
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    void this.sync();
    setInterval(() => void this.sync(), RESYNC_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.sync();
    });
  }
}

const createConsoleClock = (client: ConsoleClient) => new ConsoleClock(client);

/** The one console clock of this window (main's time, read when needed rather than every second). */
export function useConsoleClock(): ConsoleClock {
  return useShared(createConsoleClock);
}

/** Re-renders every `tickMs` with main's current time; undefined until main's clock is known. */
export function useConsoleNow(tickMs = 1000): number | undefined {
  const clock = useConsoleClock();
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(clock.now()), tickMs);
    return () => clearInterval(timer);
  }, [clock, tickMs]);
  return now;
}
