import { useId, useState } from 'react';
import type { TeamRoster } from '../../../../shared/team-schemas';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';

/**
 * "Hand over command": to whom (someone already in the incident, or a name typed) and why, if the
 * operator wants to say. Journaled as one entry; the reminders go to the new commander's console.
 */
export function HandOverDialog({ roster, onClose, onDone }: { roster: TeamRoster; onClose: () => void; onDone: (roster: TeamRoster) => void }) {
  const client = useClient();
  const listId = useId();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction(async () =>
    onDone(await client.call('team.handOver', { incidentId: roster.incidentId, to: { name: to.trim() }, reason })),
  );
  const commander = roster.commander;
  const candidates = roster.members.filter((member) => !member.roles.some((holding) => holding.role === 'commander'));
  const submit = async () => {
    if (await run()) onClose();
  };
  return (
    <Dialog
      open
      title="Hand over command"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${listId}-form`} className="button primary" disabled={busy || to.trim() === ''}>
            {busy ? 'Handing over…' : 'Hand over command'}
          </button>
        </>
      }
    >
      <form
        id={`${listId}-form`}
        className="team-dialog-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p className="muted">
          {commander ? `${commander.you ? 'You hold' : `${commander.responder.name} holds`} command now.` : 'Nobody holds command yet.'} The handover is written
          to the journal, and the acknowledgement and update reminders go to the new commander.
        </p>
        <label className="field">
          <span>To whom</span>
          <input type="text" aria-label="To whom" list={listId} value={to} onChange={(event) => setTo(event.target.value)} placeholder="A responder's name" />
          <datalist id={listId}>
            {candidates.map((member) => (
              <option key={member.name} value={member.name} />
            ))}
          </datalist>
        </label>
        {candidates.length > 0 && (
          <div className="team-pick" role="group" aria-label="People in this incident">
            {candidates.map((member) => (
              <button key={member.name} type="button" className={member.name === to ? 'button team-pick-chosen' : 'button'} onClick={() => setTo(member.name)}>
                {member.name}
                {member.you ? ' (you)' : ''}
              </button>
            ))}
          </div>
        )}
        <label className="field">
          <span>Reason (optional)</span>
          <textarea
            aria-label="Reason"
            rows={2}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder="Shift change, going to the data centre…"
          />
        </label>
        <ErrorText error={error} />
      </form>
    </Dialog>
  );
}
