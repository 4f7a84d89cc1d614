import { afterEach, describe, expect, it, vi } from 'vitest';
import { CappedOutput, DEFAULT_OUTPUT_CAP, sliceBytes, type CappedOutputOptions } from '../../src/main/core/diagnostics/capped-output';
import { LiveOutputBatcher, type LiveBatch } from '../../src/main/core/diagnostics/live-output-batcher';
import { RunOutput } from '../../src/main/core/diagnostics/run-output';
import { redactSecrets } from '../../src/shared/secret-redactor';
import { SECRET_CORPUS, leakedFragments, secretWindows, type CorpusItem } from '../support/secret-corpus';

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

/**
 * Output is scrubbed before it is capped, so wherever the head ends or the tail begins, what is
 * kept (and what went live) holds no secret, whole or in part.
 */
describe('run output: scrubbed before the head/tail cut', () => {
  /** Log lines filling exactly `bytes`, ending with a newline, so what follows starts a line. */
  const fillerLines = (bytes: number) => {
    let text = '';
    for (let line = 0; text.length < bytes; line += 1) text += `line ${String(line).padStart(6, '0')} GET /api/v1/health 200\n`;
    return bytes === 0 ? '' : `${text.slice(0, bytes - 1)}\n`;
  };

  function run(text: string, cap: CappedOutputOptions): { stored: string; live: string } {
    let live = '';
    const output = new RunOutput((batch) => (live += batch.text), { cap });
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += 1000) output.write(bytes.subarray(at, at + 1000), 'stdout');
    output.finish();
    return { stored: output.text(), live };
  }

  /**
   * Leaks found with `item` placed so that the head ends, and the tail begins, at each character
   * of it as scrubbed (the cut is made in scrubbed text), and 8 around.
   */
  function sweepAcrossCuts(item: CorpusItem, cap: CappedOutputOptions): string[] {
    const windows = secretWindows([item]);
    const scrubbedLength = redactSecrets(`${item.text}\n`).length;
    const failures: string[] = [];
    for (let shift = -8; shift <= scrubbedLength + 8; shift += 1) {
      const headCut = `${fillerLines(Math.max(0, cap.headBytes - shift))}${item.text}\n${fillerLines(cap.tailBytes + 64)}`;
      const tailCut = `${fillerLines(cap.headBytes + 64)}${item.text}\n${fillerLines(Math.max(0, cap.tailBytes - scrubbedLength + shift))}`;
      for (const [where, text] of [
        ['head', headCut],
        ['tail', tailCut],
      ] as const) {
        const { stored, live } = run(text, cap);
        if (!stored.includes('bytes of output dropped here')) failures.push(`${where} ${shift}: nothing was cut`);
        for (const leak of [...leakedFragments(stored, windows), ...leakedFragments(live, windows)]) failures.push(`${where} ${shift}: ${leak}`);
      }
    }
    return failures;
  }

  it.each(SECRET_CORPUS.map((item) => [item.kind, item] as const))(
    '%s: nothing of it is kept or sent live, wherever the cut falls (small cap: 512 B head, 1 KiB tail)',
    (_kind, item) => {
      expect(sweepAcrossCuts(item, { headBytes: 512, tailBytes: 1024 })).toEqual([]);
    },
  );

  it('the default cap (64 KiB head, 192 KiB tail) across Bearer <token> and password = x', () => {
    const items: CorpusItem[] = [
      { kind: 'bearer', text: 'Authorization: Bearer abc123opaqueTOKENvalue', secrets: ['abc123opaqueTOKENvalue'] },
      { kind: 'password', text: 'retry password = hunter2pass now', secrets: ['hunter2pass'] },
    ];
    for (const item of items) expect(sweepAcrossCuts(item, DEFAULT_OUTPUT_CAP)).toEqual([]);
  });
});
