import { describe, expect, it } from 'vitest';
import { RowHeights } from '../../src/renderer/src/features/timeline/row-heights';

/** The same placement done the obvious way: every row's start summed from the top. */
function starts(heights: number[]): number[] {
  const out: number[] = [];
  let start = 0;
  for (const height of heights) {
    out.push(start);
    start += height;
  }
  return out;
}

describe('row heights of a newest-first timeline', () => {
  it('places every row where summing the heights above it puts it, measured or not, across blocks', () => {
    const rows = new RowHeights(72);
    rows.grow(5000);
    // Index 0 is the newest row. Measure a scattering of rows, some of them twice.
    const heights = Array.from({ length: 5000 }, () => 72);
    for (const [index, height] of [
      [0, 40],
      [1, 130.5],
      [1023, 10],
      [1024, 300],
      [2047, 64],
      [4999, 90],
      [1, 55],
    ] as const) {
      rows.set(index, height);
      heights[index] = height;
    }
    const expected = starts(heights);
    for (const index of [0, 1, 2, 1022, 1023, 1024, 1025, 2047, 2048, 3000, 4998, 4999]) expect(rows.startOf(index)).toBeCloseTo(expected[index]!, 6);
    expect(rows.total).toBeCloseTo(
      heights.reduce((sum, height) => sum + height, 0),
      6,
    );
    // Any offset falls in the row that spans it; one on a row's first pixel belongs to that row.
    for (const index of [0, 1, 2, 1023, 1024, 2047, 4999]) {
      expect(rows.indexAt(expected[index]!)).toBe(index);
      expect(rows.indexAt(expected[index]! + heights[index]! - 0.25)).toBe(index);
    }
    expect(rows.indexAt(-10)).toBe(0);
    expect(rows.indexAt(rows.total + 10)).toBe(4999);
  });

  it('keeps every measurement where it was when new rows arrive at the top, and they start at the estimate', () => {
    const rows = new RowHeights(72);
    rows.grow(3);
    rows.set(0, 100); // the newest of three
    rows.set(2, 20); // the oldest
    rows.grow(5); // two new rows on top: the measured ones are now at 2 and 4
    expect(rows.heightAt(0)).toBe(72);
    expect(rows.heightAt(1)).toBe(72);
    expect(rows.heightAt(2)).toBe(100);
    expect(rows.heightAt(4)).toBe(20);
    expect(rows.startOf(2)).toBe(144);
    expect(rows.startOf(4)).toBe(144 + 100 + 72);
    expect(rows.total).toBe(144 + 100 + 72 + 20);
  });

  it('grows past its first allocation (a million rows) and forgets every measurement on reset', () => {
    const rows = new RowHeights(50);
    rows.grow(10);
    rows.set(3, 500);
    rows.grow(1_000_000);
    expect(rows.count).toBe(1_000_000);
    expect(rows.total).toBe(999_999 * 50 + 500);
    expect(rows.heightAt(999_993)).toBe(500);
    expect(rows.indexAt(rows.startOf(999_993) + 1)).toBe(999_993);
    rows.reset(4);
    expect(rows.count).toBe(4);
    expect(rows.total).toBe(200);
    expect(rows.heightAt(0)).toBe(50);
  });

  it('ignores a measurement of a row it does not hold', () => {
    const rows = new RowHeights(72);
    rows.grow(2);
    expect(rows.set(2, 500)).toBe(0);
    expect(rows.set(-1, 500)).toBe(0);
    expect(rows.total).toBe(144);
  });
});
