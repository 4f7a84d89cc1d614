import { useEffect, useState } from 'react';
import type { TimelineEntry } from '../../../../shared/model';
import { useClient } from '../../api/client-context';

/** The entries a row points at or is corrected by (looked up only for rows on screen). */
export function useReferencedEntries(entryIds: string[]): Map<string, TimelineEntry> {
  const client = useClient();
  const key = entryIds.join(',');
  const [found, setFound] = useState<Map<string, TimelineEntry>>(new Map());
  useEffect(() => {
    if (key === '') return;
    let live = true;
    client
      .call('journal.lookup', { entryIds: key.split(',') })
      .then((result) => {
        if (live) setFound(new Map(result.entries.map((entry) => [entry.id, entry])));
      })
      .catch(() => {
        // The row still shows itself; only the cross-reference is missing.
      });
    return () => {
      live = false;
    };
  }, [client, key]);
  return found;
}
