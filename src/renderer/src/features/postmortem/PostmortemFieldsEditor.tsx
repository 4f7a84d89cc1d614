import { useEffect, useState } from 'react';
import type { PostmortemFields } from '../../../../shared/comms-schemas';
import type { PostmortemField } from '../../../../shared/model';
import { POSTMORTEM_FIELD_LABELS } from '../../../../shared/postmortem-field-labels';
import { ConsoleError } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useFieldIssues } from '../../ui/field-issues';

const FIELDS: Array<{ field: PostmortemField; rows: number; hint: string }> = [
  { field: 'resolvedBy', rows: 1, hint: 'name / on-call rotation (default: who resolved it in the console)' },
  { field: 'impactAccounts', rows: 1, hint: '' },
  { field: 'impactSymptoms', rows: 2, hint: 'also fills the customer update' },
  { field: 'impactDataIntegrity', rows: 1, hint: 'none / data loss / corruption' },
  { field: 'impactSla', rows: 1, hint: 'yes/no, by N minutes' },
  { field: 'whatHappened', rows: 5, hint: 'state before, trigger, propagation, observable effects' },
  { field: 'rootCause', rows: 3, hint: 'the underlying cause, not the trigger (5 whys)' },
  { field: 'wentWell', rows: 3, hint: 'one point per line' },
  { field: 'wentPoorly', rows: 3, hint: 'one point per line' },
  { field: 'lessons', rows: 3, hint: '1-2 points for future on-call rotations' },
];

/** The post-mortem's written fields; "Save" journals each changed field (the latest wins). */
export function PostmortemFieldsEditor({ incidentId, saved, onSaved }: { incidentId: string; saved: PostmortemFields; onSaved: () => void }) {
  const client = useClient();
  const [draft, setDraft] = useState<PostmortemFields>(saved);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string }>();
  /** The field whose save main refused, and why (its issues name `text`). */
  const [refused, setRefused] = useState<{ field: PostmortemField; error: ConsoleError }>();
  const issues = useFieldIssues(refused?.error);
  const marksOf = (field: PostmortemField) => (refused?.field === field ? issues.input('text') : {});
  useEffect(() => setDraft(saved), [saved]);
  const changed = FIELDS.filter(({ field }) => (draft[field] ?? '') !== (saved[field] ?? ''));

  const save = async () => {
    let saving: PostmortemField | undefined;
    setRefused(undefined);
    try {
      for (const { field } of changed) {
        saving = field;
        await client.call('postmortem.setField', { incidentId, field, text: draft[field] ?? '' });
      }
      setStatus({ tone: 'ok', text: `Saved ${changed.length} field${changed.length === 1 ? '' : 's'} to the journal.` });
      onSaved();
    } catch (failure) {
      const error = ConsoleError.from(failure);
      if (saving) setRefused({ field: saving, error });
      setStatus({ tone: 'error', text: error.message });
    }
  };

  return (
    <div className="comms-form">
      <div className="pm-fields">
        {FIELDS.map(({ field, rows, hint }) => (
          <label key={field} className={rows > 2 ? 'field pm-wide' : 'field'}>
            <span>
              {POSTMORTEM_FIELD_LABELS[field]}
              {(draft[field] ?? '') !== (saved[field] ?? '') && <b className="pm-dirty"> · unsaved</b>}
            </span>
            {rows === 1 ? (
              <input
                type="text"
                value={draft[field] ?? ''}
                placeholder={hint}
                onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
                {...marksOf(field)}
              />
            ) : (
              <textarea
                rows={rows}
                value={draft[field] ?? ''}
                placeholder={hint}
                onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
                {...marksOf(field)}
              />
            )}
            {refused?.field === field && issues.message('text')}
          </label>
        ))}
      </div>
      <div className="comms-row">
        <button type="button" className="button primary" disabled={changed.length === 0} onClick={() => void save()}>
          Save write-up
        </button>
        {status && (
          // A refusal is announced at once, as the other forms' are; a save is said politely.
          <span className={status.tone === 'error' ? 'error-text' : 'comms-ok'} role={status.tone === 'error' ? 'alert' : 'status'}>
            {status.text}
          </span>
        )}
      </div>
    </div>
  );
}
