import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RunStatus } from '../../../../shared/diagnostics-schemas';
import { argvText, formatBytes, formatElapsed } from './argv-text';
import type { RunView } from './runs-store';

const STATUS_LABEL: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  timed_out: 'Timed out',
  cancelled: 'Cancelled',
  could_not_start: 'Could not start',
};

/** One run: live output (tail only), elapsed time against its timeout, cancel and re-run. */
export function RunCard({ run, onCancel, onRerun, onDismiss }: { run: RunView; onCancel: () => void; onRerun: () => void; onDismiss: () => void }) {
  const { summary } = run;
  const running = summary.status === 'running';
  const queued = summary.status === 'queued';
  const now = useTicker(running);
  const elapsed = summary.durationMs ?? Math.max(0, now - run.seenAt);
  const fraction = Math.min(1, elapsed / (summary.timeoutSeconds * 1000));
  const output = useRef<HTMLPreElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const element = output.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [run.text]);

  return (
    <article className={`run-card run-${summary.status}`} aria-label={`${summary.title} on ${summary.hostName}`} data-testid="run-card">
      <header className="run-header">
        <div className="run-heading">
          <strong>{summary.hostName}</strong>
          <span className="muted"> · {summary.title}</span>
        </div>
        <span className={`run-status status-${summary.status}`} data-testid="run-status">
          {STATUS_LABEL[summary.status]}
          {queued && summary.queuePosition !== null ? ` (${summary.queuePosition === 1 ? 'next' : `${summary.queuePosition - 1} ahead of it`})` : ''}
          {summary.exitCode !== null && !running ? ` (exit ${summary.exitCode})` : ''}
        </span>
      </header>
      <code className="run-argv" title={summary.hostLabel}>
        {summary.steps.map((step) => argvText(step)).join('  ⟶  ')}
      </code>
      {queued && (
        <p className="run-waiting" data-testid="run-queued">
          Waiting for a free slot: a few commands run at once on {summary.hostName}; this one starts when one of them ends.
        </p>
      )}
      <div className="run-progress" aria-label="Progress" hidden={queued}>
        <div
          className={running ? 'progress-track running' : 'progress-track'}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={summary.timeoutSeconds}
          aria-valuenow={Math.round(elapsed / 1000)}
          aria-valuetext={`${formatElapsed(elapsed)} of a ${summary.timeoutSeconds} s timeout`}
        >
          <div className="progress-fill" style={{ width: `${(running ? fraction : 1) * 100}%` }} />
        </div>
        <span className="run-facts">
          <span data-testid="run-elapsed">{formatElapsed(elapsed)}</span>
          {running && <span className="muted"> / timeout {summary.timeoutSeconds}s</span>}
          {summary.stepCount > 1 && (
            <span className="muted">
              {' '}
              · step {summary.step}/{summary.stepCount}
            </span>
          )}
          <span className="muted"> · {formatBytes(summary.outputBytes)}</span>
        </span>
      </div>
      {summary.errorMessage && !running && <p className="run-error">{summary.errorMessage}</p>}
      <pre
        ref={output}
        className="run-output"
        data-testid="run-output"
        // A scrolling output must be reachable by keyboard to be scrolled (WCAG 2.1.1); it is not a control.
        // eslint-disable-next-line jsx-a11y-x/no-noninteractive-tabindex
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
        }}
      >
        {run.hiddenBytes > 0 && (
          <span className="muted">
            … {formatBytes(run.hiddenBytes)} earlier output not shown here …{'\n'}
          </span>
        )}
        {run.text || (running || queued ? '' : '(no output)')}
      </pre>
      <footer className="run-footer">
        <span className="muted run-journal">
          {summary.journalEntryId
            ? 'Journaled'
            : summary.journalError
              ? `Not journaled: ${summary.journalError}`
              : summary.incidentId
                ? running || queued
                  ? 'Will be journaled'
                  : ''
                : 'Not journaled (no incident selected)'}
        </span>
        <span className="run-actions">
          {running || queued ? (
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          ) : (
            <>
              <button type="button" className="button" onClick={onRerun}>
                Re-run
              </button>
              <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss">
                Dismiss
              </button>
            </>
          )}
        </span>
      </footer>
    </article>
  );
}

function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
