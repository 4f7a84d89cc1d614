import { describe, expect, it } from 'vitest';
import { readBackdate, readTimeField, splitTimePrefix, UTC_ZONE, wallToUtc, type ZoneRule } from '../../src/shared/backdate';

/** Central European time: +1 h in winter, +2 h from 01:00 UTC on 29 March 2026 (the clocks go forward). */
const BERLIN: ZoneRule = {
  name: 'Europe/Berlin',
  offsetMinutes: (ms) => (ms >= Date.parse('2026-03-29T01:00:00.000Z') && ms < Date.parse('2026-10-25T01:00:00.000Z') ? 120 : 60),
};
const at = (iso: string) => Date.parse(iso);

describe('backdated capture: the time at the start of a note', () => {
  // 07:20 in Berlin on 27 Nov 2026 (06:20 UTC); the incident started at 06:50 Berlin.
  const context = { now: at('2026-11-27T06:20:00.000Z'), zone: BERLIN, incidentStart: at('2026-11-27T05:50:00.000Z') };

  it('reads "07:05 deploy 4521 went out" as 07:05 local today, and keeps the note without the time', () => {
    expect(readBackdate('07:05 deploy 4521 went out', context)).toEqual({
      kind: 'at',
      said: '07:05',
      text: 'deploy 4521 went out',
      occurredAt: '2026-11-27T06:05:00.000Z',
    });
  });

  it('reads a time before the incident started on the same day without asking (the deploy that caused it)', () => {
    expect(readBackdate('06:10 deploy 4520 went out', context)).toMatchObject({ kind: 'at', occurredAt: '2026-11-27T05:10:00.000Z' });
  });

  it('reads "-15m paged by the monitor" as fifteen minutes before now', () => {
    expect(readBackdate('-15m paged by the monitor', context)).toEqual({
      kind: 'at',
      said: '-15m',
      text: 'paged by the monitor',
      occurredAt: '2026-11-27T06:05:00.000Z',
    });
    expect(readBackdate('-1h30m first 502s on the dashboard', context)).toMatchObject({ kind: 'at', occurredAt: '2026-11-27T04:50:00.000Z' });
    expect(readBackdate('-90s retry storm', context)).toMatchObject({ kind: 'at', occurredAt: '2026-11-27T06:18:30.000Z' });
    expect(readBackdate('-5 min queue drained', context)).toMatchObject({ kind: 'at', text: 'queue drained', occurredAt: '2026-11-27T06:15:00.000Z' });
  });

  it('takes seconds and a full date too', () => {
    expect(readBackdate('07:05:42 first 500', context)).toMatchObject({ kind: 'at', said: '07:05:42', occurredAt: '2026-11-27T06:05:42.000Z' });
    expect(readBackdate('2026-11-26 23:50 cron kicked off the import', context)).toMatchObject({
      kind: 'at',
      text: 'cron kicked off the import',
      occurredAt: '2026-11-26T22:50:00.000Z',
    });
  });

  it('asks, rather than guesses, when the time of day is later than now: it offers yesterday', () => {
    expect(readBackdate('07:35 disk alert', context)).toEqual({
      kind: 'ask',
      said: '07:35',
      text: 'disk alert',
      why: 'later-than-now',
      choices: [{ day: 'yesterday', occurredAt: '2026-11-26T06:35:00.000Z' }],
    });
  });

  it('asks which day when the incident runs across midnight and the time fits both days', () => {
    // Started 05:00 Berlin the day before: at 07:20, "06:00" is this morning or yesterday morning, both inside the incident.
    const overnight = { ...context, incidentStart: at('2026-11-26T04:00:00.000Z') };
    expect(readBackdate('06:00 replica lag began', overnight)).toEqual({
      kind: 'ask',
      said: '06:00',
      text: 'replica lag began',
      why: 'which-day',
      choices: [
        { day: 'today', occurredAt: '2026-11-27T05:00:00.000Z' },
        { day: 'yesterday', occurredAt: '2026-11-26T05:00:00.000Z' },
      ],
    });
    // Yesterday's 06:00 was before the incident began: only today's reading is inside it, no question.
    expect(readBackdate('06:00 replica lag began', { ...overnight, incidentStart: at('2026-11-26T21:00:00.000Z') })).toMatchObject({
      kind: 'at',
      occurredAt: '2026-11-27T05:00:00.000Z',
    });
  });

  it('just after midnight, a time from late last evening is asked about, then "yesterday" says it outright', () => {
    const afterMidnight = { now: at('2026-11-26T23:10:00.000Z'), zone: BERLIN, incidentStart: at('2026-11-26T22:40:00.000Z') }; // 00:10 Berlin
    expect(readBackdate('23:45 first alert', afterMidnight)).toMatchObject({
      kind: 'ask',
      why: 'later-than-now',
      choices: [{ day: 'yesterday', occurredAt: '2026-11-26T22:45:00.000Z' }],
    });
    expect(readBackdate('yesterday 23:45 first alert', afterMidnight)).toMatchObject({
      kind: 'at',
      said: 'yesterday 23:45',
      text: 'first alert',
      occurredAt: '2026-11-26T22:45:00.000Z',
    });
    expect(readBackdate('today 23:45 first alert', afterMidnight)).toMatchObject({ kind: 'invalid' });
  });

  it('refuses what cannot be a time, and a date later than now', () => {
    expect(readBackdate('25:10 lunch', context)).toMatchObject({ kind: 'invalid', reason: '25:10 is not a time of day' });
    expect(readBackdate('2026-11-28 07:00 tomorrow', context)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('later than now') });
    expect(readBackdate('2026-02-30 07:00 no such day', context)).toMatchObject({ kind: 'invalid', reason: 'There is no such date' });
    expect(readBackdate('-0m nothing', context)).toMatchObject({ kind: 'invalid' });
    expect(readBackdate('-9d way back', context)).toEqual({ kind: 'none' });
  });

  it('leaves notes that do not start with a time alone, and a note that is only a time', () => {
    expect(readBackdate('deploy 4521 went out at 07:05', context)).toEqual({ kind: 'none' });
    expect(readBackdate('07:05', context)).toEqual({ kind: 'none' });
    expect(readBackdate('-15 is the new error budget', context)).toEqual({ kind: 'none' });
    expect(readBackdate('4521 went out', context)).toEqual({ kind: 'none' });
    expect(splitTimePrefix('  07:05   deploy  ')).toMatchObject({ said: '07:05', rest: 'deploy' });
  });

  it('reads times in UTC when the operator reads times in UTC', () => {
    expect(readBackdate('06:05 deploy 4521 went out', { ...context, zone: UTC_ZONE })).toMatchObject({ kind: 'at', occurredAt: '2026-11-27T06:05:00.000Z' });
  });

  it('places a wall-clock time on the offset in force then, across a change of daylight saving', () => {
    // 29 March 2026, 09:00 Berlin (CEST, +2): "01:30" was still winter time (+1), "04:00" summer time.
    const spring = { now: at('2026-03-29T07:00:00.000Z'), zone: BERLIN };
    expect(readBackdate('01:30 before the change', spring)).toMatchObject({ occurredAt: '2026-03-29T00:30:00.000Z' });
    expect(readBackdate('04:00 after the change', spring)).toMatchObject({ occurredAt: '2026-03-29T02:00:00.000Z' });
    expect(wallToUtc(Date.UTC(2026, 2, 29, 12, 0, 0), BERLIN)).toBe(at('2026-03-29T10:00:00.000Z'));
  });
});

describe('backdated capture: the time field', () => {
  const context = { now: at('2026-11-27T06:20:00.000Z'), zone: BERLIN, incidentStart: at('2026-11-27T05:50:00.000Z') };

  it('reads what <input type="time"> gives, with the same rules as the syntax', () => {
    expect(readTimeField('', context)).toBeUndefined();
    expect(readTimeField('07:05', context)).toEqual({ kind: 'at', occurredAt: '2026-11-27T06:05:00.000Z' });
    expect(readTimeField('07:05:30', context)).toEqual({ kind: 'at', occurredAt: '2026-11-27T06:05:30.000Z' });
    expect(readTimeField('08:00', context)).toMatchObject({ kind: 'ask', why: 'later-than-now' });
    expect(readTimeField('7 o clock', context)).toMatchObject({ kind: 'invalid' });
  });
});
