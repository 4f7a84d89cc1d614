import { useEffect, useState } from 'react';
import { call } from '../api/client';

/**
 * The renderer's countdowns follow main's clock, because main stamps every journal entry: a
 * countdown on the page's own clock could disagree with the times it is measured from. Both
 * processes read the same OS clock, so the offset is zero in normal use and constant when main
 * runs from `--clock-start`; it is measured once at start (halfway through the round trip) and
 * re-measured every minute and whenever the window becomes visible again (after a sleep).
 */
let offsetMs = 0;
let started = false;
/** Until the first answer, the page's clock may be far from main's (`--clock-start`): show no countdown. */
let synced = false;
const RESYNC_MS = 60_000;

async function sync(): Promise<void> {
  const sent = Date.now();
  try {
    const info = await call('app.info', {});
    const received = Date.now();
    offsetMs = Date.parse(info.now) - (sent + received) / 2;
  } catch {
    // Keep the last offset: a failed sync must not make every countdown jump.
  } finally {
    synced = true;
  }
}

function start(): void {
  if (started) return;
  started = true;
  void sync();
  setInterval(() => void sync(), RESYNC_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void sync();
  });
}

/** Main's current time, as well as the renderer knows it. */
export function consoleNow(): number {
  start();
  return Date.now() + offsetMs;
}

/** Re-renders every `tickMs` with main's current time; undefined until main's clock is known. */
export function useConsoleNow(tickMs = 1000): number | undefined {
  const read = () => {
    const now = consoleNow();
    return synced ? now : undefined;
  };
  const [now, setNow] = useState(read);
  useEffect(() => {
    const timer = setInterval(() => setNow(read()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  return now;
}
