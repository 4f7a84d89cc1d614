import { useState } from 'react';
import type { Incident } from '../../../../shared/model';
import type { RemovedDrills } from '../../../../shared/journal-schemas';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';

/** Every drill out of the journal in one step, after a look at what goes; real incidents are not touched (the journal itself refuses it). */
export function DrillCleanup({ drills }: { drills: Incident[] }) {
  const client = useClient();
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<RemovedDrills>();
  const remove = useAction(async () => setDone(await client.call('incidents.removeDrills', {})));
  const entries = drills.reduce((sum, drill) => sum + drill.entryCount, 0);
  return (
    <div className="drill-cleanup">
      {done && (
        <p role="status" data-testid="drills-removed">
          Removed {done.removed.length} {done.removed.length === 1 ? 'drill' : 'drills'} ({done.removed.reduce((sum, drill) => sum + drill.entryCount, 0)}{' '}
          entries). Real incidents were not touched.
        </p>
      )}
      {drills.length === 0 ? (
        !done && <p className="muted">No drills. Open one with “This is a drill” above to rehearse against staging or the fake Powernode.</p>
      ) : (
        <button type="button" className="button" onClick={() => setAsking(true)}>
          Remove all drills ({drills.length})…
        </button>
      )}
      {asking && (
        <Dialog
          open
          title={`Remove ${drills.length} ${drills.length === 1 ? 'drill' : 'drills'}?`}
          onClose={() => setAsking(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setAsking(false)} disabled={remove.busy}>
                Cancel
              </button>
              <button
                type="button"
                className="button danger"
                disabled={remove.busy}
                onClick={() =>
                  void remove.run().then((ok) => {
                    if (ok) setAsking(false);
                  })
                }
              >
                Remove drills
              </button>
            </>
          }
        >
          <p>
            These drills and all their {entries} entries leave the journal for good (their default export folders too). Real incidents and their chains are not
            touched.
          </p>
          <ul>
            {drills.map((drill) => (
              <li key={drill.id}>
                {drill.title} <span className="muted">({drill.entryCount} entries)</span>
              </li>
            ))}
          </ul>
          <ErrorText error={remove.error} />
        </Dialog>
      )}
    </div>
  );
}
