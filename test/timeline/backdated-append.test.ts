import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answer, callOk } from '../support/call';
import { createTestConsole, type TestConsole } from '../support/console';

let tc: TestConsole;
beforeEach(async () => {
  tc = await createTestConsole(new Date('2026-11-27T06:20:00.000Z'));
});
afterEach(() => tc.dispose());

describe('a backdated note, as main takes it', () => {
  it('keeps when it happened beside when it was recorded, and refuses a time later than now', async () => {
    const incidentId = (await callOk(tc.core, 'incidents.create', { title: 'Checkout 502s', detectedBy: 'alert' })).id;
    const note = await answer(tc.core, 'journal.append', {
      incidentId,
      kind: 'note',
      text: 'deploy 4521 went out',
      occurredAt: '2026-11-27T06:05:00.000Z',
    });
    expect(note).toMatchObject({ ok: true, result: { recordedAt: '2026-11-27T06:20:00.000Z', occurredAt: '2026-11-27T06:05:00.000Z' } });
    // A moment ahead (main's clock read across a round trip) is still now; a minute ahead is not.
    expect(await answer(tc.core, 'journal.append', { incidentId, kind: 'note', text: 'just now', occurredAt: '2026-11-27T06:20:03.000Z' })).toMatchObject({
      ok: true,
    });
    expect(await answer(tc.core, 'journal.append', { incidentId, kind: 'note', text: 'tomorrow', occurredAt: '2026-11-27T06:21:00.000Z' })).toMatchObject({
      ok: false,
      error: { code: 'JOURNAL_INVALID_ENTRY', message: expect.stringContaining('cannot be later than now') },
    });
  });
});
