import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChainVerification } from '../../../../shared/journal-schemas';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useEvent } from '../../api/use-event';
import { agoText } from '../../format/age';
import { formatUtc } from '../../format/time';
import { useConsoleNow } from '../../state/console-clock';

const RECHECK_DELAY_MS = 750;
/** Walked again this often even when nothing was appended here: another program may have written to the file. */
const RECHECK_EVERY_MS = 60_000;

const entries = (count: number): string => `${count.toLocaleString()} ${count === 1 ? 'entry' : 'entries'}`;

interface Checked {
  verification: ChainVerification;
  /**
   * When the answer came, on this window's clock: an age needs one clock at both ends, and this one
   * is known from the start (main's is only once a round trip has measured it).
   */
  answeredAt: number;
  /** Something was appended after this walk started: entries newer than those it counted are not checked yet. */
  behind: boolean;
}

/**
 * Walks the incident's hash chain now, after appends (coalesced, one walk at a time) and every
 * minute, and says what the last walk found, when it came back, and whether newer entries are
 * still waiting for a walk: a count verified a while ago is not shown as if it were now.
 */
export function ChainBadge({ incidentId }: { incidentId: string }) {
  const client = useClient();
  // Re-renders every second, so the age moves; main's time, for the hover text.
  const consoleNow = useConsoleNow();
  const [checked, setChecked] = useState<Checked>();
  const [error, setError] = useState<string>();
  const running = useRef(false);
  const again = useRef(false);
  /** Appends seen so far: a walk that started before the last of them does not cover it. */
  const appendsSeen = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const verify = useCallback(async () => {
    if (running.current) {
      again.current = true;
      return;
    }
    running.current = true;
    try {
      do {
        again.current = false;
        const seenAtStart = appendsSeen.current;
        const verification = await client.call('journal.verify', { incidentId });
        setChecked({ verification, answeredAt: Date.now(), behind: appendsSeen.current !== seenAtStart });
        setError(undefined);
      } while (again.current);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      running.current = false;
    }
  }, [client, incidentId]);

  useEffect(() => {
    setChecked(undefined);
    void verify();
    const periodic = setInterval(() => void verify(), RECHECK_EVERY_MS);
    return () => {
      clearInterval(periodic);
      clearTimeout(timer.current);
    };
  }, [verify]);

  const recheck = (changed: string) => {
    if (changed !== incidentId) return;
    appendsSeen.current += 1;
    setChecked((last) => (last && !last.behind ? { ...last, behind: true } : last));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void verify(), RECHECK_DELAY_MS);
  };
  useEvent('journal.appended', ({ entry }) => recheck(entry.incidentId));
  // Another device's chain taken in: every chain is walked again.
  useEvent('chains.imported', (result) => recheck(result.incidentId));

  if (error) {
    return (
      <span className="chain-badge chain-unknown" data-testid="chain-badge" role="status">
        Chain not checked: {error}
      </span>
    );
  }
  if (!checked) {
    return (
      <span className="chain-badge chain-unknown" data-testid="chain-badge">
        Checking chain…
      </span>
    );
  }
  const { verification: result, answeredAt, behind } = checked;
  const ageMs = Math.max(0, Date.now() - answeredAt);
  // The walk's time on main's clock (the one every journal time is on), once it is known.
  const when = consoleNow === undefined ? undefined : formatUtc(new Date(consoleNow - ageMs).toISOString());
  // The age ticks every second: it sits beside the live region, not in it, so it is not read out each time.
  const age = (
    <span className="chain-age muted" data-testid="chain-age" title={when && `Walked at ${when}`}>
      checked {agoText(ageMs)}
    </span>
  );
  if (result.ok) {
    return (
      <span className="chain-check">
        <span className="chain-badge chain-ok" data-testid="chain-badge" role="status" title={`Head ${result.headHash}`}>
          {result.chains && result.chains.length > 1
            ? `✓ ${result.chains.length} devices' chains verified (${entries(result.checked)})`
            : `✓ Chain verified (${entries(result.checked)})`}
          {behind && ' · newer entries not checked yet'}
        </span>
        {age}
      </span>
    );
  }
  return (
    <span className="chain-check">
      <span className="chain-badge chain-broken" data-testid="chain-badge" role="alert">
        ✗ {result.broken?.device ? `Chain of device ${result.broken.device.slice(0, 8)}` : 'Chain'} broken at entry #{result.broken?.seq}:{' '}
        {result.broken?.reason}
      </span>
      {age}
    </span>
  );
}
