import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from '../../src/renderer/src/features/palette/fuzzy';

const items = [
  'Go to Overview',
  'Go to Timeline',
  'HALT all AI activity…',
  'Runbook: The kill switch',
  'Run worker-status (Worker jobs stuck)',
  'Timeline: show pinned entries only',
];

describe('fuzzy search for the command palette', () => {
  it('finds letters in order, not necessarily together', () => {
    expect(fuzzyFilter(items, 'hlt', (text) => text)[0]).toBe('HALT all AI activity…');
    expect(fuzzyFilter(items, 'kill sw', (text) => text)).toEqual(['Runbook: The kill switch']);
  });

  it('ranks a whole word at the start of a word above letters scattered, and shorter texts among equals', () => {
    expect(fuzzyFilter(items, 'timeline', (text) => text)).toEqual(['Go to Timeline', 'Timeline: show pinned entries only']);
    expect(fuzzyFilter(items, 'worker', (text) => text)[0]).toBe('Run worker-status (Worker jobs stuck)');
  });

  it('needs every word of the query, in any order', () => {
    expect(fuzzyFilter(items, 'stuck worker', (text) => text)).toEqual(['Run worker-status (Worker jobs stuck)']);
    expect(fuzzyFilter(items, 'overview halt', (text) => text)).toEqual([]);
    expect(fuzzyScore('zzz', 'Go to Overview')).toBeUndefined();
  });

  it('keeps everything, in order, for an empty query', () => {
    expect(fuzzyFilter(items, '  ', (text) => text)).toEqual(items);
  });
});
