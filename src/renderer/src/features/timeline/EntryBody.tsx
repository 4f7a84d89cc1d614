import type { ReactNode } from 'react';
import { entryDataSchemas, type EntryData, type EntryKind, type TimelineEntry } from '../../../../shared/model';
import { shortFingerprint } from '../../../../shared/evidence-statements';
import { POSTMORTEM_FIELD_LABELS } from '../../../../shared/postmortem-field-labels';
import { ROLE_LABELS } from '../../../../shared/team-roles';
import { DateTime } from '../../ui/DateTime';
import { formatDuration } from '../../format/time';
import { Highlight } from './Highlight';

export const KIND_LABELS: Record<EntryKind, string> = {
  incident_opened: 'Opened',
  note: 'Note',
  severity_changed: 'Severity',
  acknowledged: 'Acknowledged',
  status_changed: 'Status',
  checklist_step: 'Checklist',
  killswitch_call: 'Kill switch',
  powernode_call: 'Powernode',
  command_run: 'Command',
  comms_sent: 'Comms',
  export_made: 'Export',
  checkpoint: 'Checkpoint',
  device_key_rotated: 'Device key',
  checkpoint_timestamped: 'Trusted time',
  action_item: 'Action item',
  postmortem_field: 'Post-mortem',
  amendment: 'Amendment',
  redaction: 'Redaction',
  pin: 'Pin',
  unpin: 'Unpin',
  role_assigned: 'Role given',
  role_released: 'Role released',
  command_handed_over: 'Handover',
  incident_joined: 'Joined',
  tampering_alarm: 'TAMPERING',
};

interface BodyProps<K extends EntryKind> {
  entry: TimelineEntry;
  data: EntryData<K>;
  text: ReactNode;
  target: TimelineEntry | undefined;
}

const ref = (target: TimelineEntry | undefined) => (target ? `#${target.seq}` : 'an earlier entry');
const Text = ({ children }: { children: ReactNode }) => (children ? <p className="entry-text">{children}</p> : null);
const Outcome = ({ ok, tone, children }: { ok: boolean; tone?: OutcomeTone; children: ReactNode }) => (
  <span className={`outcome-${tone ?? (ok ? 'ok' : 'failed')}`}>{children}</span>
);
type OutcomeTone = 'ok' | 'failed' | 'unknown' | 'info';
/** What Powernode answered to a journaled call (kill switch, agents). */
const HttpOutcome = ({ ok, tone, httpStatus, outcome }: { ok: boolean; tone?: OutcomeTone; httpStatus: number | null; outcome: string }) => (
  <Outcome ok={ok} tone={tone}>
    {httpStatus === null ? 'no answer' : `HTTP ${httpStatus}`}: {outcome}
  </Outcome>
);

/** How a kill-switch entry reads: an unknown outcome is a warning being confirmed, never a failure. */
const KILL_SWITCH_RESULTS: Record<NonNullable<EntryData<'killswitch_call'>['result']>, { label: string; tone: OutcomeTone }> = {
  changed: { label: 'done', tone: 'ok' },
  confirmed: { label: 'confirmed', tone: 'ok' },
  observed: { label: 'seen on the server', tone: 'ok' },
  unchanged: { label: 'nothing changed', tone: 'info' },
  unknown: { label: 'outcome unknown', tone: 'unknown' },
  not_applied: { label: 'had not taken effect when checked', tone: 'unknown' },
  refused: { label: 'not carried out', tone: 'failed' },
};

/** One compact renderer per kind, so entries written by other capabilities read at a glance. */
const renderers: { [K in EntryKind]: (props: BodyProps<K>) => ReactNode } = {
  incident_joined: ({ data }) => (
    <p className="entry-text">
      This console joined <strong>{data.title}</strong>, opened by the console with key{' '}
      <span className="mono">{shortFingerprint(data.commanderFingerprint)}</span>.
    </p>
  ),
  tampering_alarm: ({ data, text }) => (
    <>
      <p className="entry-text outcome-failed">
        <strong>Tampering alarm:</strong> device <span className="mono">{data.device.slice(0, 8)}</span>'s chain was refused at entry #{data.seq}
        {` (${data.source}).`}
      </p>
      <Text>{text}</Text>
    </>
  ),
  incident_opened: ({ data }) => (
    <p className="entry-text">
      Incident opened: <strong>{data.title}</strong>. Detected by {data.detectedBy}; started <DateTime iso={data.startedAt} />.
    </p>
  ),
  note: ({ text }) => <Text>{text}</Text>,
  severity_changed: ({ data, text }) => (
    <>
      <p className="entry-text">
        Severity <strong>{data.from ?? 'none'}</strong> → <strong className={`severity-text-${data.to.toLowerCase()}`}>{data.to}</strong>
        {data.triage && data.triage.suggested !== data.to && <span className="muted"> (triage suggested {data.triage.suggested})</span>}
      </p>
      <Text>{text}</Text>
      {data.triage && data.triage.path.length > 0 && (
        <details className="entry-details">
          <summary>Triage path ({data.triage.path.length} answers)</summary>
          <ol>
            {data.triage.path.map((step) => (
              <li key={step.questionId}>
                {step.question} — <strong>{step.answer}</strong>
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  ),
  acknowledged: ({ data, text }) => (
    <>
      <p className="entry-text">
        Acknowledged{data.severity ? ` at ${data.severity}` : ''} after {formatDuration(data.elapsedMs)}
        {data.targetMs !== null && <Outcome ok={data.elapsedMs <= data.targetMs}> (target {formatDuration(data.targetMs)})</Outcome>}
      </p>
      <Text>{text}</Text>
    </>
  ),
  status_changed: ({ entry, data, text }) => (
    <>
      <p className="entry-text">
        Status <strong>{data.from}</strong> → <strong>{data.to}</strong>
      </p>
      {entry.text && !entry.text.startsWith('Status:') && <Text>{text}</Text>}
    </>
  ),
  checklist_step: ({ data, text }) => (
    <p className="entry-text">
      {data.done ? '☑' : '☐'} {text || `${data.sectionId} / ${data.stepId}`} <span className="muted">({data.done ? 'done' : 'reopened'})</span>
    </p>
  ),
  killswitch_call: ({ data, text }) => {
    const result = data.result ? KILL_SWITCH_RESULTS[data.result] : undefined;
    return (
      <>
        <p className="entry-text">
          Kill switch <strong>{data.action}</strong>
          {data.mode ? ` (${data.mode})` : ''} on <span className="mono">{data.profile}</span>
          {result && <span className={`ks-result outcome-${result.tone}`}> [{result.label}]</span>} →{' '}
          <HttpOutcome ok={data.ok} tone={result?.tone} httpStatus={data.httpStatus} outcome={data.outcome} />
        </p>
        <Text>{text}</Text>
      </>
    );
  },
  powernode_call: ({ data, text }) => (
    <>
      <p className="entry-text">
        Powernode <strong>{data.operation}</strong>
        {data.target ? ` ${data.target}` : ''} on <span className="mono">{data.profile}</span> →{' '}
        <HttpOutcome ok={data.ok} httpStatus={data.httpStatus} outcome={data.outcome} />
      </p>
      <Text>{text}</Text>
    </>
  ),
  command_run: ({ data, text }) => (
    <>
      <p className="entry-text">
        <span className="mono">{data.host}</span>$ <code className="mono">{data.argv.join(' ')}</code>
      </p>
      <p className="entry-meta-line">
        <Outcome ok={data.outcome === 'succeeded'}>
          {data.outcome.replace('_', ' ')}
          {data.exitCode !== null ? `, exit ${data.exitCode}` : ''}
          {data.signal ? `, ${data.signal}` : ''}
        </Outcome>{' '}
        · {data.durationMs < 1000 ? `${data.durationMs} ms` : formatDuration(data.durationMs)} · {data.outputBytes.toLocaleString()} bytes of output
        {data.outputTruncated && <span className="warning-text"> (truncated)</span>}
      </p>
      {text && <Text>{text}</Text>}
      {data.output && (
        <details className="entry-details">
          <summary>Output</summary>
          <pre className="command-output">{data.output}</pre>
        </details>
      )}
    </>
  ),
  comms_sent: ({ data, text }) => (
    <>
      <p className="entry-text">
        {data.audience === 'customer' ? 'Customer' : 'Internal'} update sent via {data.channel}
        {data.subject ? (
          <>
            : <strong>{data.subject}</strong>
          </>
        ) : (
          ''
        )}
      </p>
      {text && (
        <details className="entry-details">
          <summary>Message sent</summary>
          <pre className="comms-text">{text}</pre>
        </details>
      )}
    </>
  ),
  export_made: ({ data }) => (
    <p className="entry-text">
      Exported {data.files.length} file(s) to <span className="mono">{data.folder}</span>; chain head{' '}
      <span className="mono" title={data.chainHead}>
        {data.chainHead.slice(0, 12)}…
      </span>
    </p>
  ),
  checkpoint: ({ data, text }) => (
    <>
      <p className="entry-text">
        <Outcome ok={data.signature !== null} tone={data.signature ? 'ok' : 'unknown'}>
          {data.signature ? 'Signed' : 'Unsigned'}
        </Outcome>{' '}
        {text}
      </p>
      <details className="entry-details">
        <summary>Signed statement</summary>
        <pre className="command-output">{JSON.stringify(data.statement, null, 2)}</pre>
      </details>
    </>
  ),
  device_key_rotated: ({ data, text }) => (
    <p className="entry-text">
      <Outcome ok={data.signature !== null} tone={data.signature ? 'ok' : 'unknown'}>
        {data.signature ? 'Signed by the old key' : 'Not vouched for by the old key'}
      </Outcome>{' '}
      {text}
    </p>
  ),
  checkpoint_timestamped: ({ text }) => <Text>{text}</Text>,
  action_item: ({ data }) => (
    <p className="entry-text">
      Action item: <strong>{data.action}</strong> — {data.owner}
      {data.due ? `, due ${data.due}` : ''} <span className="muted">({data.status.replace('_', ' ')})</span>
    </p>
  ),
  postmortem_field: ({ data, text }) => (
    <>
      <p className="entry-text">
        Post-mortem field <strong>{POSTMORTEM_FIELD_LABELS[data.field]}</strong> set
      </p>
      <Text>{text}</Text>
    </>
  ),
  amendment: ({ text, target }) => (
    <p className="entry-text">
      <span className="muted">Corrects {ref(target)}:</span> {text}
    </p>
  ),
  redaction: ({ text, target }) => (
    <p className="entry-text">
      <span className="muted">Redacted {ref(target)}. Reason:</span> {text}
    </p>
  ),
  pin: ({ target }) => <p className="entry-text muted">Pinned {ref(target)}</p>,
  unpin: ({ target }) => <p className="entry-text muted">Unpinned {ref(target)}</p>,
  role_assigned: ({ data, text }) => (
    <>
      <p className="entry-text">
        <strong>{data.responder.name}</strong> is {ROLE_LABELS[data.role].toLowerCase()}
        {data.expertise ? ` (${data.expertise})` : ''}
      </p>
      <Text>{text}</Text>
    </>
  ),
  role_released: ({ data, text }) => (
    <>
      <p className="entry-text">
        <strong>{data.responder.name}</strong> is no longer {ROLE_LABELS[data.role].toLowerCase()}
      </p>
      <Text>{text}</Text>
    </>
  ),
  command_handed_over: ({ data, text }) => (
    <>
      <p className="entry-text">
        Command handed over
        {data.from ? (
          <>
            {' '}
            from <strong>{data.from.name}</strong>
          </>
        ) : (
          ''
        )}{' '}
        to <strong>{data.to.name}</strong>
      </p>
      <Text>{text}</Text>
    </>
  ),
};

/** The entry's body read through its kind's schema; anything unreadable falls back to text and raw data. */
export function EntryBody({ entry, query, target }: { entry: TimelineEntry; query: string; target: TimelineEntry | undefined }) {
  if (entry.redacted) {
    return <p className="entry-text redacted-text">Body redacted (its hash is kept, so the chain still verifies).</p>;
  }
  const text = entry.text ? <Highlight text={entry.text} query={query} /> : null;
  const parsed = entryDataSchemas[entry.kind].safeParse(entry.data ?? {});
  if (!parsed.success) {
    return (
      <>
        <Text>{text}</Text>
        <pre className="command-output">{JSON.stringify(entry.data, null, 2)}</pre>
      </>
    );
  }
  const render = renderers[entry.kind] as (props: BodyProps<EntryKind>) => ReactNode;
  return <>{render({ entry, data: parsed.data as EntryData<EntryKind>, text, target })}</>;
}
