import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChainVerification } from '../../../../shared/journal-schemas';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useEvent } from '../../api/use-event';

const RECHECK_DELAY_MS = 750;

/** Walks the incident's hash chain now and after appends (coalesced, one walk at a time). */
export function ChainBadge({ incidentId }: { incidentId: string }) {
  const client = useClient();
  const [result, setResult] = useState<ChainVerification>();
  const [error, setError] = useState<string>();
  const running = useRef(false);
  const again = useRef(false);
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
        const verification = await client.call('journal.verify', { incidentId });
        setResult(verification);
        setError(undefined);
      } while (again.current);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      running.current = false;
    }
  }, [client, incidentId]);

  useEffect(() => {
    setResult(undefined);
    void verify();
    return () => clearTimeout(timer.current);
  }, [verify]);

  const recheck = (changed: string) => {
    if (changed !== incidentId) return;
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
  if (!result) {
    return (
      <span className="chain-badge chain-unknown" data-testid="chain-badge">
        Checking chain…
      </span>
    );
  }
  if (result.ok) {
    return (
      <span className="chain-badge chain-ok" data-testid="chain-badge" role="status" title={`Head ${result.headHash}`}>
        {result.chains && result.chains.length > 1
          ? `✓ ${result.chains.length} devices' chains verified (${result.checked.toLocaleString()} entries)`
          : `✓ Chain verified (${result.checked.toLocaleString()} entries)`}
      </span>
    );
  }
  return (
    <span className="chain-badge chain-broken" data-testid="chain-badge" role="alert">
      ✗ {result.broken?.device ? `Chain of device ${result.broken.device.slice(0, 8)}` : 'Chain'} broken at entry #{result.broken?.seq}: {result.broken?.reason}
    </span>
  );
}
