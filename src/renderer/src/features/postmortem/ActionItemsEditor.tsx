import { useState } from 'react';
import type { ActionItem } from '../../../../shared/comms-schemas';
import { ConsoleError } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { ErrorText } from '../../ui/ErrorText';
import { DataTable } from '../../ui/DataTable';
import { useFieldIssues } from '../../ui/field-issues';

type Status = ActionItem['status'];
const STATUSES: Array<{ value: Status; label: string }> = [
  { value: 'open', label: 'open' },
  { value: 'in_progress', label: 'in progress' },
  { value: 'done', label: 'done' },
  { value: 'dropped', label: 'dropped' },
];

interface Draft {
  itemId?: string;
  action: string;
  owner: string;
  due: string;
  status: Status;
}

const EMPTY: Draft = { action: '', owner: '', due: '', status: 'open' };

/** Action items: add, edit (each save journals the item's new state) and see them as they stand. */
export function ActionItemsEditor({ incidentId, items, onSaved }: { incidentId: string; items: ActionItem[]; onSaved: () => void }) {
  const client = useClient();
  const [editing, setEditing] = useState<Draft | undefined>();
  const [adding, setAdding] = useState<Draft>(EMPTY);
  // The new row is read-only while its save is in flight, so nothing typed meanwhile can mix with the item being saved.
  const [savingNew, setSavingNew] = useState(false);
  /** The last save main refused: which row (an item id, or "new") and why. */
  const [refused, setRefused] = useState<{ row: string; error: ConsoleError }>();
  const issues = useFieldIssues(refused?.error);

  const save = async (draft: Draft, done: () => void) => {
    try {
      await client.call('postmortem.saveActionItem', {
        incidentId,
        ...(draft.itemId ? { itemId: draft.itemId } : {}),
        action: draft.action,
        owner: draft.owner,
        due: draft.due || null,
        status: draft.status,
      });
      setRefused(undefined);
      done();
      onSaved();
    } catch (failure) {
      setRefused({ row: draft.itemId ?? 'new', error: ConsoleError.from(failure) });
    }
  };

  const addNew = async () => {
    setSavingNew(true);
    try {
      await save(adding, () => setAdding(EMPTY));
    } finally {
      setSavingNew(false);
    }
  };

  const row = (draft: Draft, change: (next: Draft) => void, label: string, disabled = false) => {
    // Only the row whose save was refused is marked.
    const mine = refused?.row === (draft.itemId ?? 'new');
    const marks = (path: string) => (mine ? issues.input(path) : {});
    const message = (path: string) => (mine ? issues.message(path) : null);
    return (
      <>
        <td>
          <input
            type="text"
            aria-label={`${label} action`}
            disabled={disabled}
            value={draft.action}
            onChange={(event) => change({ ...draft, action: event.target.value })}
            {...marks('action')}
          />
          {message('action')}
        </td>
        <td>
          <input
            type="text"
            aria-label={`${label} owner`}
            disabled={disabled}
            value={draft.owner}
            onChange={(event) => change({ ...draft, owner: event.target.value })}
            {...marks('owner')}
          />
          {message('owner')}
        </td>
        <td>
          <input
            type="date"
            aria-label={`${label} due`}
            disabled={disabled}
            value={draft.due}
            onChange={(event) => change({ ...draft, due: event.target.value })}
            {...marks('due')}
          />
          {message('due')}
        </td>
        <td>
          <select
            aria-label={`${label} status`}
            disabled={disabled}
            value={draft.status}
            onChange={(event) => change({ ...draft, status: event.target.value as Status })}
            {...marks('status')}
          >
            {STATUSES.map((status) => (
              <option key={status.value} value={status.value}>
                {status.label}
              </option>
            ))}
          </select>
          {message('status')}
        </td>
      </>
    );
  };

  return (
    <div className="comms-form">
      <DataTable className="pm-table" label="Action items" columns={['Action', 'Owner', 'Due', 'Status', '']}>
        {items.map((item) =>
          editing?.itemId === item.itemId ? (
            <tr key={item.itemId}>
              {row(editing, setEditing, 'Edited')}
              <td className="pm-actions">
                <button
                  type="button"
                  className="button primary"
                  onClick={() => void save(editing, () => setEditing(undefined))}
                  disabled={!editing.action.trim()}
                >
                  Save
                </button>
                <button type="button" className="link-button" onClick={() => setEditing(undefined)}>
                  Cancel
                </button>
              </td>
            </tr>
          ) : (
            <tr key={item.itemId} className={`pm-item pm-${item.status}`}>
              <td>{item.action}</td>
              <td>{item.owner || <span className="muted">none</span>}</td>
              <td>{item.due ?? <span className="muted">none</span>}</td>
              <td>{STATUSES.find((status) => status.value === item.status)?.label}</td>
              <td className="pm-actions">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setEditing({ itemId: item.itemId, action: item.action, owner: item.owner, due: item.due ?? '', status: item.status })}
                >
                  Edit
                </button>
              </td>
            </tr>
          ),
        )}
        <tr className="pm-new">
          {row(adding, setAdding, 'New', savingNew)}
          <td className="pm-actions">
            <button type="button" className="button" onClick={() => void addNew()} disabled={savingNew || !adding.action.trim()}>
              {savingNew ? 'Adding…' : 'Add item'}
            </button>
          </td>
        </tr>
      </DataTable>
      <ErrorText error={refused?.error} />
    </div>
  );
}
