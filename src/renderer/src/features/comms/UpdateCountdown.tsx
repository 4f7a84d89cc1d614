import { useEffect, useState } from 'react';
import type { UpdateCadence } from '../../../../shared/comms-schemas';
import { DateTime } from '../../ui/DateTime';
import { formatDuration } from '../../format/time';

const COUNTING_FROM = {
  last_update: 'the last internal update',
  severity_change: 'the severity change',
  incident_start: 'the incident start',
} as const;

/**
 * The countdown to the next internal update. It runs on main's clock (offset taken when the
 * cadence was fetched), so a test clock or a skewed laptop clock does not mislead it.
 */
export function UpdateCountdown({ cadence }: { cadence: UpdateCadence }) {
  const [offsetMs] = useState(() => Date.parse(cadence.now) - Date.now());
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => clearInterval(timer);
  }, [offsetMs]);

  if (cadence.cadenceMs === null || cadence.nextUpdateDueAt === null) {
    return (
      <div className="countdown countdown-none" data-testid="update-countdown">
        <div className="countdown-figure">No regular updates</div>
        <div className="muted">
          {cadence.severity === null
            ? 'Set a severity to start the update cadence.'
            : cadence.severity === 'SEV4'
              ? 'SEV4 has no update cadence.'
              : 'The incident is resolved.'}
        </div>
      </div>
    );
  }
  const remaining = Date.parse(cadence.nextUpdateDueAt) - now;
  const overdue = remaining <= 0;
  return (
    <div className={overdue ? 'countdown countdown-overdue' : remaining < 3 * 60_000 ? 'countdown countdown-soon' : 'countdown'} data-testid="update-countdown">
      <div className="countdown-figure" role="timer" aria-live="off">
        {overdue ? `Update overdue by ${formatDuration(-remaining)}` : `Next update in ${formatDuration(remaining)}`}
      </div>
      <div>
        {cadence.severity} · every {Math.round(cadence.cadenceMs / 60_000)} min{cadence.channel ? ` in ${cadence.channel}` : ''} · due{' '}
        <DateTime iso={cadence.nextUpdateDueAt} />
      </div>
      <div className="muted">
        Counting from {COUNTING_FROM[cadence.countingFromWhat]} at <DateTime iso={cadence.countingFrom} />
        {cadence.lastUpdate && ` (posted to ${cadence.lastUpdate.channel})`}
      </div>
    </div>
  );
}
