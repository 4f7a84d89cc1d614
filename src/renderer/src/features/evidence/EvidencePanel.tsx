import { useState, type FormEvent } from 'react';
import type { EvidenceStatus } from '../../../../shared/evidence-schemas';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { DateTime } from '../../ui/DateTime';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { Panel } from '../../ui/Panel';
import { useEvidence } from './evidence-store';
import './evidence.css';

/**
 * The device key on the Overview: its fingerprint large enough to read out over a call and compare
 * with an export, whether this run signs its checkpoints (and plainly why not), key rotation, and
 * the optional trusted-time authority.
 */
export function EvidencePanel() {
  const client = useClient();
  const { status, error, replace } = useEvidence();
  const [confirming, setConfirming] = useState(false);
  const rotate = useAction(async () => {
    replace(await client.call('evidence.rotateKey', {}));
    setConfirming(false);
  });

  return (
    <Panel
      title="Evidence"
      actions={
        status?.signing === 'signed' && (
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            Rotate device key…
          </button>
        )
      }
    >
      <ErrorText error={error} />
      {status && (
        <>
          <div className={`evidence-key evidence-${status.signing}`} data-testid="device-key">
            <span className="evidence-label">Device key</span>
            {status.key ? (
              <span className="evidence-fingerprint mono" data-testid="device-key-fingerprint" title={status.key.fingerprint}>
                {status.key.short}
              </span>
            ) : (
              <span className="evidence-fingerprint">{status.signing === 'loading' ? 'reading the keychain…' : 'none'}</span>
            )}
            <span className="evidence-state" data-testid="signing-state">
              {status.signing === 'signed' ? 'Checkpoints are signed with this key' : status.signing === 'unsigned' ? 'Checkpoints are NOT signed' : ''}
            </span>
          </div>
          {status.message && (
            <p
              className={status.signing === 'unsigned' ? 'notice notice-warning' : 'muted'}
              role={status.signing === 'unsigned' ? 'alert' : undefined}
              data-testid="signing-message"
            >
              {status.message}
            </p>
          )}
          <p className="muted">
            {status.signing === 'unsigned'
              ? 'Checkpoints are still made at every export, posted update, status change and close (and every 10 minutes while the timeline grows), and their fingerprints still match what witnesses saw, but nothing signs them: an export made now proves only that it is consistent with itself.'
              : 'Every export, posted update, status change and close (and every 10 minutes while the timeline grows) is a checkpoint signed with this key. Whoever checks an export compares this fingerprint with the one its verifier reports.'}{' '}
            Device <span className="mono">{status.deviceId}</span>.
          </p>
          <TrustedTime url={status.trustedTime.url} trustedTime={status.trustedTime} onChanged={replace} />
        </>
      )}
      <Dialog
        open={confirming}
        title="Rotate the device key"
        onClose={() => setConfirming(false)}
        footer={
          <>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="button" className="button primary" disabled={rotate.busy} onClick={() => void rotate.run()}>
              {rotate.busy ? 'Rotating…' : 'Rotate the key'}
            </button>
          </>
        }
      >
        <p>
          A new key replaces <span className="mono">{status?.key?.short}</span>. Every incident the old key signed records the change, signed by the old key,
          and the old private key is then deleted from the keychain. Exports made from now on show the new fingerprint.
        </p>
        <ErrorText error={rotate.error} />
      </Dialog>
    </Panel>
  );
}

/** The authority checkpoints are sent to, and how its last answer went. */
function TrustedTime({
  url,
  trustedTime,
  onChanged,
}: {
  url: string | null;
  trustedTime: EvidenceStatus['trustedTime'];
  onChanged: (status: EvidenceStatus) => void;
}) {
  const client = useClient();
  const [draft, setDraft] = useState(url ?? '');
  const save = useAction(async (next: string | null) => onChanged(await client.call('evidence.setTimestampAuthority', { url: next })));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(draft.trim() === '' ? null : draft.trim());
  };
  // Nothing to save: the field says what is already in use (or is empty while none is).
  const unchanged = draft.trim() === (url ?? '');
  const failing = trustedTime.lastFailure && (!trustedTime.lastToken || trustedTime.lastToken.at < trustedTime.lastFailure.at);
  return (
    <form className="comms-row evidence-tsa" onSubmit={submit} aria-label="Trusted time">
      <label className="field comms-grow">
        <span>Trusted time: RFC 3161 timestamp authority (optional)</span>
        <input type="text" className="mono" value={draft} placeholder="http://timestamp.example.com/tsa" onChange={(event) => setDraft(event.target.value)} />
      </label>
      <button type="submit" className="button" disabled={save.busy || unchanged}>
        {draft.trim() === '' && url ? 'Turn off' : 'Use this authority'}
      </button>
      <div className="evidence-tsa-state">
        {!url && <span className="muted">Off: times are the device's clock.</span>}
        {url && trustedTime.lastToken && (
          <span className="muted">
            Last token <DateTime iso={trustedTime.lastToken.at} /> for {trustedTime.lastToken.checkpoint}.
          </span>
        )}
        {url && failing && (
          <span className="error-text" role="alert">
            Last request failed <DateTime iso={trustedTime.lastFailure!.at} />: {trustedTime.lastFailure!.message}
          </span>
        )}
      </div>
      <ErrorText error={save.error} />
    </form>
  );
}
