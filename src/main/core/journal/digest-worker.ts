/**
 * A worker thread that checks the texts a walk writes into a DigestRing (workerData) against the
 * digests beside them, slot after slot, until the ring is closed and nothing filled is left; then
 * it ends. It only reads the ring's records, so a slot it leaves taken (the thread ended midway)
 * can still be checked by the walk.
 */
import { workerData } from 'node:worker_threads';
import { checkTaken, closedAt, digestRingOf, fillsSeen, markRunning, takeFilled, waitForFill } from './digest-ring';

const ring = digestRingOf(workerData as { bytes: Uint8Array; control: Int32Array });
markRunning(ring);
let from = 0;
for (;;) {
  const fills = fillsSeen(ring);
  const slot = takeFilled(ring, from);
  if (slot !== undefined) {
    checkTaken(ring, slot);
    from = slot + 1;
  } else if (closedAt(fills)) {
    break;
  } else {
    waitForFill(ring, fills);
  }
}
