import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeEntry } from '../../src/shared/chain-exchange-schemas';
import type { Incident } from '../../src/shared/model';
import { Journal } from '../../src/main/core/journal/journal';
import { journalSyncPort } from '../../src/main/core/sync/journal-sync-port';
import { COMMANDER, entrySet, RESPONDER, twoConsoles, type TwoConsoles } from './two-devices';

const THIRD = '33333333-3333-4333-8333-333333333333';

let fx: TwoConsoles;
beforeEach(() => {
  fx = twoConsoles();
});
afterEach(() => fx.dispose());

const later = (ms: number) => fx.clock.advance(ms);

/** Another console's journal (its own file, the device given) that has joined the commander's incident. */
function joinedBy(name: string, device: string, incident: Incident): Journal {
  const journal = new Journal({ path: `${fx.dir}/${name}.sqlite`, clock: fx.clock, author: name, device });
  journal.joinIncident({
    incidentId: incident.id,
    title: incident.title,
    detectedBy: incident.detectedBy,
    startedAt: incident.startedAt,
    commander: { deviceId: COMMANDER, publicKey: fx.commander.key.publicKey, fingerprint: fx.commander.key.fingerprint },
  });
  return journal;
}

describe('chains per device, exchanged between two consoles', () => {
  it('two consoles write one incident, exchange both ways, and end with the same entries, every chain verified', () => {
    const incident = fx.shared();
    const { commander, responder } = fx;
    later(60_000);
    commander.journal.append(incident.id, { kind: 'note', text: 'paged: checkout 5xx', data: {} });
    responder.journal.append(incident.id, { kind: 'note', text: 'db primary at 100% CPU', data: {} });
    later(30_000);
    responder.checkpoint(incident.id);
    commander.journal.append(incident.id, { kind: 'severity_changed', text: 'customer-facing', data: { from: null, to: 'SEV1' } });

    const fromResponder = responder.journal.exportChains(incident.id, { ownOnly: true });
    expect(fromResponder.chains).toEqual([{ device: RESPONDER, length: 3, headHash: expect.any(String) }]);
    const intoCommander = commander.journal.importChains(incident.id, fromResponder);
    expect(intoCommander).toMatchObject({ added: 3, alreadyHad: 0, refused: [], alarms: [] });
    const intoResponder = responder.journal.importChains(incident.id, commander.journal.exportChains(incident.id));
    expect(intoResponder).toMatchObject({ added: 4, alreadyHad: 3, refused: [] });

    expect(entrySet(commander.journal, incident.id)).toEqual(entrySet(responder.journal, incident.id));
    expect(entrySet(commander.journal, incident.id)).toHaveLength(7);
    for (const { journal } of [commander, responder]) {
      const verdict = journal.verify(incident.id, { full: true });
      expect(verdict).toMatchObject({ ok: true, checked: 7 });
      expect(verdict.chains?.map((chain) => [chain.device, chain.length]).sort()).toEqual([
        [COMMANDER, 4],
        [RESPONDER, 3],
      ]);
    }
    // The joined incident reads as the commander opened it, with the severity the commander set.
    const seen = (journal: Journal) => {
      const { id, title, detectedBy, startedAt, createdAt, createdBy, severity, status, entryCount } = journal.getIncident(incident.id);
      return { id, title, detectedBy, startedAt, createdAt, createdBy, severity, status, entryCount };
    };
    expect(seen(responder.journal)).toEqual(seen(commander.journal));
    expect(seen(responder.journal)).toMatchObject({ createdBy: 'commander', severity: 'SEV1', entryCount: 7 });

    // Each console's own chain goes on from where it stood, and the next checkpoint states the other device's head.
    later(1_000);
    const checkpoint = commander.checkpoint(incident.id);
    expect(checkpoint.seq).toBe(5);
    const statement = (checkpoint.data as { statement: { others: unknown[] } }).statement;
    expect(statement.others).toEqual([{ device: RESPONDER, chainLength: 3, headHash: fromResponder.chains[0]!.headHash }]);
    expect(commander.journal.verify(incident.id)).toMatchObject({ ok: true, checked: 8 });
  });

  it('the merged timeline orders by occurred-at (else recorded-at), then recorded-at, then device, and pages cover every entry once', () => {
    const incident = fx.shared();
    later(60_000);
    fx.commander.journal.append(incident.id, { kind: 'note', text: 'c1', data: {} });
    fx.responder.journal.append(incident.id, { kind: 'note', text: 'r1 at the same instant', data: {} });
    later(60_000);
    fx.responder.journal.append(incident.id, { kind: 'note', text: 'r2 backdated before everything', data: {}, occurredAt: '2026-03-15T08:59:00.000Z' });
    fx.commander.journal.append(incident.id, { kind: 'note', text: 'c2', data: {} });
    fx.commander.journal.importChains(incident.id, fx.responder.journal.exportChains(incident.id, { ownOnly: true }));
    const texts = (entries: Array<{ text: string | null }>) => entries.map((entry) => entry.text);
    const asc = fx.commander.journal.listEntries({ incidentId: incident.id, offset: 0, limit: 500 }).entries;
    expect(texts(asc)).toEqual([
      'r2 backdated before everything',
      'Checkout down',
      'Checkpoint',
      'Joined "Checkout down"',
      'c1',
      'r1 at the same instant',
      'c2',
    ]);
    // At the same instant the commander's device (1111…) sorts before the responder's (2222…).
    expect(asc.map((entry) => entry.device)).toEqual([RESPONDER, COMMANDER, COMMANDER, RESPONDER, COMMANDER, RESPONDER, COMMANDER]);
    const desc = fx.commander.journal.listEntries({ incidentId: incident.id, offset: 0, limit: 500, order: 'desc' }).entries;
    expect(texts(desc)).toEqual(texts(asc).reverse());
    const paged = [0, 2, 4, 6].flatMap((offset) => fx.commander.journal.listEntries({ incidentId: incident.id, offset, limit: 2 }).entries);
    expect(paged.map((entry) => entry.id)).toEqual(asc.map((entry) => entry.id));
    expect(fx.commander.journal.listEntries({ incidentId: incident.id, offset: 0, limit: 500 }).total).toBe(7);
  });

  it('importing the same chains twice changes nothing: no entry, no count, no alarm', () => {
    const incident = fx.shared();
    fx.responder.journal.append(incident.id, { kind: 'note', text: 'on it', data: {} });
    const offer = fx.responder.journal.exportChains(incident.id);
    expect(fx.commander.journal.importChains(incident.id, offer)).toMatchObject({ added: 2, alreadyHad: 0 });
    const before = { entries: fx.commander.journal.allEntries(incident.id), incident: fx.commander.journal.getIncident(incident.id) };
    expect(fx.commander.journal.importChains(incident.id, offer)).toEqual({ incidentId: incident.id, added: 0, alreadyHad: 2, refused: [], alarms: [] });
    expect(fx.commander.journal.allEntries(incident.id)).toEqual(before.entries);
    expect(fx.commander.journal.getIncident(incident.id)).toEqual(before.incident);
    // The commander's own chain, offered back to it, is also had already.
    expect(fx.commander.journal.importChains(incident.id, fx.commander.journal.exportChains(incident.id))).toMatchObject({ added: 0, alreadyHad: 4 });
  });

  it('a device that offers two histories (same seq, another hash) is refused, and a tampering alarm naming it is journaled', () => {
    const incident = fx.shared();
    fx.responder.journal.append(incident.id, { kind: 'note', text: 'restarted the primary', data: {} });
    const honest = fx.responder.journal.exportChains(incident.id);
    expect(fx.commander.journal.importChains(incident.id, honest)).toMatchObject({ added: 2 });

    // The responder's journal is lost and a new one, with the same device id, writes another #2.
    fx.responder.journal.close();
    const forked = new Journal({ path: `${fx.dir}/forked.sqlite`, clock: fx.clock, author: 'responder', device: RESPONDER });
    try {
      forked.joinIncident({
        incidentId: incident.id,
        title: incident.title,
        detectedBy: incident.detectedBy,
        startedAt: incident.startedAt,
        commander: { deviceId: COMMANDER, publicKey: fx.commander.key.publicKey, fingerprint: fx.commander.key.fingerprint },
      });
      forked.append(incident.id, { kind: 'note', text: 'never restarted anything', data: {} });
      forked.append(incident.id, { kind: 'note', text: 'and a third', data: {} });
      const before = entrySet(fx.commander.journal, incident.id);
      const result = fx.commander.journal.importChains(incident.id, { ...forked.exportChains(incident.id, { ownOnly: true }), source: 'bundle forked.json' });
      expect(result.added).toBe(0);
      expect(result.refused).toEqual([
        { device: RESPONDER, reason: 'equivocation', seq: 1, message: expect.stringContaining(`Device ${RESPONDER} offered another entry #1`) },
      ]);
      expect(result.alarms).toHaveLength(1);
      const alarm = fx.commander.journal.getEntry(result.alarms[0]!);
      expect(alarm).toMatchObject({ kind: 'tampering_alarm', device: COMMANDER, data: { device: RESPONDER, seq: 1, source: 'bundle forked.json' } });
      expect(alarm.text).toContain(RESPONDER);
      // Nothing of the forked chain was taken: only the alarm was added, to the commander's own chain.
      expect(entrySet(fx.commander.journal, incident.id).filter((line) => !before.includes(line))).toEqual([
        `${alarm.id} ${COMMANDER} #${alarm.seq} ${alarm.hash}`,
      ]);
      expect(fx.commander.journal.verify(incident.id, { full: true })).toMatchObject({ ok: true });
      // Offered again, it is refused again, and the same alarm is not journaled twice.
      expect(fx.commander.journal.importChains(incident.id, forked.exportChains(incident.id, { ownOnly: true }))).toMatchObject({ added: 0, alarms: [] });
    } finally {
      forked.close();
      fx.responder.reopen();
    }
  });

  it('an offer holding two histories of one device (as the team database keeps both) refuses that device with an alarm and takes the others', () => {
    const incident = fx.shared();
    fx.responder.journal.append(incident.id, { kind: 'note', text: 'restarted the primary', data: {} });
    const honest = fx.responder.journal.exportChains(incident.id, { ownOnly: true });
    expect(fx.commander.journal.importChains(incident.id, honest)).toMatchObject({ added: 2 });

    // A second install with the responder's device id writes another #1 and #2; a third console's chain comes in the same page.
    const forked = joinedBy('forked', RESPONDER, incident);
    const third = joinedBy('third', THIRD, incident);
    try {
      forked.append(incident.id, { kind: 'note', text: 'never restarted anything', data: {} });
      fx.responder.journal.append(incident.id, { kind: 'note', text: 'primary back', data: {} });
      third.append(incident.id, { kind: 'note', text: 'taking notes', data: {} });
      const page = [
        ...fx.responder.journal.exportChains(incident.id, { ownOnly: true }).entries,
        ...forked.exportChains(incident.id, { ownOnly: true }).entries,
        ...third.exportChains(incident.id, { ownOnly: true }).entries,
      ];
      const offer = { entries: page, deviceKeys: [], source: 'team database' };
      const before = entrySet(fx.commander.journal, incident.id);
      const result = fx.commander.journal.importChains(incident.id, offer);

      const heldFirst = before.find((line) => line.includes(`${RESPONDER} #1 `))!.split(' ')[3]!;
      const forgedFirst = forked.allEntries(incident.id).find((entry) => entry.seq === 1)!.hash;
      expect(result.refused).toEqual([
        {
          device: RESPONDER,
          reason: 'equivocation',
          seq: 1,
          message: expect.stringContaining(`Device ${RESPONDER} was offered with two different entries #1 (`),
        },
      ]);
      for (const hash of [heldFirst, forgedFirst]) expect(result.refused[0]!.message).toContain(`${hash.slice(0, 12)}…`);
      expect(result.alarms).toHaveLength(1);
      const alarm = fx.commander.journal.getEntry(result.alarms[0]!);
      expect(alarm).toMatchObject({
        kind: 'tampering_alarm',
        device: COMMANDER,
        data: { device: RESPONDER, seq: 1, heldHash: heldFirst, offeredHash: forgedFirst, source: 'team database' },
      });
      // The third console's chain is taken; nothing more of the responder's, whichever history it is.
      const added = entrySet(fx.commander.journal, incident.id).filter((line) => !before.includes(line));
      expect(added.filter((line) => line.includes(` ${THIRD} `))).toHaveLength(2);
      expect(added.filter((line) => line.includes(` ${RESPONDER} `))).toEqual([]);
      expect(fx.commander.journal.allEntries(incident.id).some((entry) => entry.text === 'never restarted anything' || entry.text === 'primary back')).toBe(
        false,
      );
      expect(fx.commander.journal.verify(incident.id, { full: true })).toMatchObject({ ok: true });
      // The same page pulled again: refused again, and the alarm is not journaled twice.
      expect(fx.commander.journal.importChains(incident.id, offer)).toMatchObject({
        added: 0,
        alarms: [],
        refused: [{ device: RESPONDER, reason: 'equivocation' }],
      });
      // A console that holds nothing of that device names no held hash: both were only offered.
      const scribeResult = third.importChains(incident.id, offer);
      expect(scribeResult.refused).toMatchObject([{ device: RESPONDER, reason: 'equivocation', seq: 1 }]);
      expect(third.getEntry(scribeResult.alarms[0]!).data).toMatchObject({
        device: RESPONDER,
        seq: 1,
        heldHash: '',
        offeredHash: [heldFirst, forgedFirst].sort()[0],
      });
    } finally {
      forked.close();
      third.close();
    }
  });

  it('an entry that refers to one of a refused chain is not taken: the offer is refused, and sync, offering chain by chain, refuses both by name', () => {
    const incident = fx.shared();
    const note = fx.responder.journal.append(incident.id, { kind: 'note', text: 'restarted the primary', data: {} });
    const forked = joinedBy('forked', RESPONDER, incident);
    const third = joinedBy('third', THIRD, incident);
    try {
      forked.append(incident.id, { kind: 'note', text: 'never restarted anything', data: {} });
      // The scribe holds the responder's note and pins it; the commander never held it.
      third.importChains(incident.id, fx.responder.journal.exportChains(incident.id, { ownOnly: true }));
      third.append(incident.id, { kind: 'pin', text: '', data: {}, refersTo: note.id });
      const page = {
        entries: [
          ...fx.responder.journal.exportChains(incident.id, { ownOnly: true }).entries,
          ...forked.exportChains(incident.id, { ownOnly: true }).entries,
          ...third.exportChains(incident.id, { ownOnly: true }).entries,
        ],
        deviceKeys: [],
      };
      const before = entrySet(fx.commander.journal, incident.id);
      expect(() => fx.commander.journal.importChains(incident.id, page)).toThrow(
        new RegExp(`refers to ${note.id}, which is not part of this incident.*Nothing was imported`),
      );
      expect(entrySet(fx.commander.journal, incident.id)).toEqual(before);

      const outcome = journalSyncPort(fx.commander.journal, COMMANDER).importChains(incident.id, page);
      expect(outcome.refused.map((refusal) => refusal.device).sort()).toEqual([RESPONDER, THIRD].sort());
      expect(outcome.refused.find((refusal) => refusal.device === THIRD)!.message).toContain(`refers to ${note.id}`);
      const alarms = fx.commander.journal.allEntries(incident.id).filter((entry) => entry.kind === 'tampering_alarm');
      expect(alarms.map((alarm) => (alarm.data as { device: string }).device)).toEqual([RESPONDER]);
      expect(fx.commander.journal.verify(incident.id, { full: true })).toMatchObject({ ok: true });
    } finally {
      forked.close();
      third.close();
    }
  });

  it('an entry changed in transit, or a signature, is refused with nothing imported', () => {
    const incident = fx.shared();
    fx.responder.journal.append(incident.id, { kind: 'note', text: 'failover started', data: {} });
    fx.responder.checkpoint(incident.id);
    fx.responder.journal.append(incident.id, { kind: 'note', text: 'failover done', data: {} });
    const offer = fx.responder.journal.exportChains(incident.id, { ownOnly: true });
    const before = { entries: entrySet(fx.commander.journal, incident.id), incident: fx.commander.journal.getIncident(incident.id) };
    const changed = (edit: (entries: ExchangeEntry[]) => void) => {
      const entries = structuredClone(offer.entries);
      edit(entries);
      return { ...offer, entries };
    };

    const textChanged = changed((entries) => {
      entries[1]!.text = 'failover never started';
    });
    expect(() => fx.commander.journal.importChains(incident.id, textChanged)).toThrow(
      /entry #2 .* does not verify: body does not match its hash.*Nothing was imported/,
    );

    const signatureChanged = changed((entries) => {
      const data = entries[2]!.data as { signature: string };
      data.signature = `${data.signature.startsWith('A') ? 'B' : 'A'}${data.signature.slice(1)}`;
    });
    // The body hash covers the signature too: a changed signature breaks the body's hash first.
    expect(() => fx.commander.journal.importChains(incident.id, signatureChanged)).toThrow(/CHAINS_REFUSED|does not verify/);

    const wrongKey = { ...offer, deviceKeys: offer.deviceKeys.map((key) => ({ ...key, publicKey: fx.commander.key.publicKey })) };
    expect(() => fx.commander.journal.importChains(incident.id, wrongKey)).toThrow(/does not match its fingerprint/);

    const otherIncident = changed((entries) => {
      entries[0]!.incidentId = '33333333-3333-4333-8333-333333333333';
    });
    expect(() => fx.commander.journal.importChains(incident.id, otherIncident)).toThrow(/another incident/);

    expect(entrySet(fx.commander.journal, incident.id)).toEqual(before.entries);
    expect(fx.commander.journal.getIncident(incident.id)).toEqual(before.incident);
    expect(fx.commander.journal.importChains(incident.id, offer)).toMatchObject({ added: 4 });
  });

  it('a checkpoint re-signed over a rewritten statement is refused: its signature does not verify', async () => {
    const { CHECKPOINT_STATEMENT_TYPE } = await import('../../src/shared/evidence-statements');
    const { bodyHash, entryHash, entryHeaderOf } = await import('../../src/main/core/journal/chain');
    const incident = fx.shared();
    const checkpoint = fx.responder.checkpoint(incident.id);
    const offer = fx.responder.journal.exportChains(incident.id, { ownOnly: true });
    const entries = structuredClone(offer.entries);
    const forged = entries.find((entry) => entry.id === checkpoint.id)!;
    const data = forged.data as { statement: { reason: string; type: string } };
    expect(data.statement.type).toBe(CHECKPOINT_STATEMENT_TYPE);
    data.statement.reason = 'closed';
    // Whoever changed it recomputed every hash: only the signature (by a key they lack) gives it away.
    forged.bodyHash = bodyHash({ text: forged.text!, data: forged.data! });
    forged.hash = entryHash(forged.prevHash, entryHeaderOf(forged), forged.bodyHash);
    expect(() => fx.commander.journal.importChains(incident.id, { ...offer, entries })).toThrow(/signature does not verify.*Nothing was imported/);
  });

  it('status and severity come out the same on both consoles whatever order entries arrive in', () => {
    const incident = fx.shared();
    later(60_000);
    fx.responder.journal.append(incident.id, { kind: 'acknowledged', text: 'ack', data: { severity: null, targetMs: null, elapsedMs: 60_000 } });
    later(60_000);
    fx.commander.journal.append(incident.id, { kind: 'status_changed', text: 'mitigated', data: { from: 'detected', to: 'mitigated' } });
    later(60_000);
    // The responder's clock runs behind: its SEV2 is dated before the commander's SEV1 though written after it.
    fx.commander.journal.append(incident.id, { kind: 'severity_changed', text: 'SEV1', data: { from: null, to: 'SEV1' } });
    fx.responder.journal.append(incident.id, {
      kind: 'severity_changed',
      text: 'SEV2',
      data: { from: null, to: 'SEV2' },
      occurredAt: '2026-03-15T09:02:30.000Z',
    });

    fx.commander.journal.importChains(incident.id, fx.responder.journal.exportChains(incident.id, { ownOnly: true }));
    fx.responder.journal.importChains(incident.id, fx.commander.journal.exportChains(incident.id, { ownOnly: true }));
    const derived = (journal: Journal) => {
      const { status, severity, acknowledgedAt, mitigatedAt, resolvedAt } = journal.getIncident(incident.id);
      return { status, severity, acknowledgedAt, mitigatedAt, resolvedAt };
    };
    expect(derived(fx.commander.journal)).toEqual({
      status: 'mitigated',
      severity: 'SEV1',
      acknowledgedAt: '2026-03-15T09:01:00.000Z',
      mitigatedAt: '2026-03-15T09:02:00.000Z',
      resolvedAt: null,
    });
    expect(derived(fx.responder.journal)).toEqual(derived(fx.commander.journal));
  });

  it('a redaction travels with its chain: the body leaves the other console too, and every chain still verifies', () => {
    const incident = fx.shared();
    const secret = fx.responder.journal.append(incident.id, { kind: 'note', text: 'password hunter2 zq81secret', data: {} });
    fx.commander.journal.importChains(incident.id, fx.responder.journal.exportChains(incident.id));
    expect(fx.commander.journal.search('zq81secret')).toHaveLength(1);
    // Only the device that wrote it can redact it.
    expect(() => fx.commander.journal.append(incident.id, { kind: 'redaction', text: 'secret', data: {}, refersTo: secret.id })).toThrow(
      /written on another device/,
    );
    fx.responder.journal.append(incident.id, { kind: 'redaction', text: 'a secret', data: {}, refersTo: secret.id });
    expect(fx.commander.journal.importChains(incident.id, fx.responder.journal.exportChains(incident.id))).toMatchObject({ added: 1, alreadyHad: 2 });
    expect(fx.commander.journal.getEntry(secret.id)).toMatchObject({ redacted: true, text: null });
    expect(fx.commander.journal.search('zq81secret')).toEqual([]);
    expect(fx.commander.journal.verify(incident.id, { full: true })).toMatchObject({ ok: true });
    // A console that never saw the body takes the redacted entry as it is.
    const third = new Journal({ path: `${fx.dir}/third.sqlite`, clock: fx.clock, author: 'scribe', device: '44444444-4444-4444-8444-444444444444' });
    try {
      third.joinIncident({
        incidentId: incident.id,
        title: incident.title,
        detectedBy: incident.detectedBy,
        startedAt: incident.startedAt,
        commander: { deviceId: COMMANDER, publicKey: fx.commander.key.publicKey, fingerprint: fx.commander.key.fingerprint },
      });
      expect(third.importChains(incident.id, fx.commander.journal.exportChains(incident.id))).toMatchObject({ refused: [] });
      expect(third.getEntry(secret.id)).toMatchObject({ redacted: true, text: null });
      expect(third.verify(incident.id, { full: true })).toMatchObject({ ok: true, checked: 6 });
    } finally {
      third.close();
    }
  });

  it('a chain offered from past what is held (entries missing between) is refused as a gap, without an alarm', () => {
    const incident = fx.shared();
    fx.responder.journal.append(incident.id, { kind: 'note', text: 'one', data: {} });
    fx.responder.journal.append(incident.id, { kind: 'note', text: 'two', data: {} });
    const tail = fx.responder.journal.exportChains(incident.id, { after: new Map([[RESPONDER, 2]]) });
    expect(tail.entries.filter((entry) => entry.chain === RESPONDER)).toHaveLength(1);
    const result = fx.commander.journal.importChains(incident.id, tail);
    expect(result).toMatchObject({ added: 0, alarms: [], refused: [{ device: RESPONDER, reason: 'gap', seq: 1 }] });
    expect(fx.commander.journal.importChains(incident.id, fx.responder.journal.exportChains(incident.id))).toMatchObject({ added: 3 });
  });
});
