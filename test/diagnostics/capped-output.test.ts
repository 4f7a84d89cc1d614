import { afterEach, describe, expect, it, vi } from 'vitest';
import { CappedOutput, sliceBytes } from '../../src/main/core/diagnostics/capped-output';
import { LiveOutputBatcher, type LiveBatch } from '../../src/main/core/diagnostics/live-output-batcher';

describe('capped output', () => {
  it('keeps everything under the cap', () => {
    const output = new CappedOutput({ headBytes: 10, tailBytes: 10 });
    output.append('0123456789');
    output.append('abcdefghij');
    expect(output.text()).toBe('0123456789abcdefghij');
    expect(output.truncated).toBe(false);
  });

  it('keeps head and tail and marks the cut with the number of bytes dropped', () => {
    const output = new CappedOutput({ headBytes: 10, tailBytes: 10 });
    for (let line = 0; line < 100; line += 1) output.append(`line ${String(line).padStart(3, '0')}\n`);
    const text = output.text();
    expect(text.startsWith('line 000\nl')).toBe(true);
    expect(text.endsWith('line 099\n')).toBe(true);
    expect(output.totalBytes).toBe(900);
    expect(output.droppedBytes).toBe(880);
    expect(text).toContain('[880 bytes of output dropped here');
  });

  it('never splits a multi-byte character', () => {
    expect(sliceBytes('ééé', 3)).toBe('é');
    const output = new CappedOutput({ headBytes: 3, tailBytes: 3 });
    output.append('€€€€€€');
    expect(output.text()).not.toContain('\uFFFD');
    expect(output.totalBytes).toBe(18);
  });
});

describe('live output batcher', () => {
  afterEach(() => vi.useRealTimers());

  it('sends one batch per interval, and only the newest text when output floods', () => {
    vi.useFakeTimers();
    const batches: LiveBatch[] = [];
    const batcher = new LiveOutputBatcher({ intervalMs: 100, maxBytesPerEvent: 1000, emit: (batch) => batches.push(batch) });
    for (let index = 0; index < 10_000; index += 1) batcher.push('0123456789');
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.text.length).toBeLessThanOrEqual(1000);
    expect(batches[0]!.skippedBytes + batches[0]!.text.length).toBe(100_000);
    batcher.push('tail');
    batcher.flush();
    expect(batches.at(-1)).toEqual({ text: 'tail', skippedBytes: 0 });
  });
});
