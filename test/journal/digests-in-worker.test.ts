import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SLOT_BYTES, SLOT_COUNT } from '../../src/main/core/journal/digest-ring';
import { runningDigestThreads } from '../support/running-digest-threads';

// An independent SHA-256 (a Hash object, not the one-shot the console uses) for the digests stated.
const digestOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
// Enough texts to fill the ring many times over, so the threads and the walk both take slots.
const manyTexts = (count: number) => Array.from({ length: count }, (_, i) => `{"author":"Dana","id":"entry-${i}","seq":${i}}${'x'.repeat(i % 300)}`);

describe.skipIf(availableParallelism() < 2)('digests checked in worker threads', () => {
  it('finds every text matching its digest, whatever its characters and length', async () => {
    const digests = await runningDigestThreads();
    const odd = ['', 'é', 'naïve café ☕', '😀 emoji', 'lone \ud800 surrogate', 'tab\tand\nnewline', 'y'.repeat(SLOT_BYTES)];
    const texts = [...manyTexts(30_000), ...odd];
    expect(texts.every((text) => digests.matches(text, digestOf(text)))).toBe(true);
    expect(await digests.verdict()).toBe(true);
  });

  it('says not all matched when one text among many does not, and stops answering true soon after', async () => {
    const digests = await runningDigestThreads();
    const texts = manyTexts(200_000);
    const answers = texts.map((text, i) => digests.matches(text, i === 10_000 ? digestOf(`${text}!`) : digestOf(text)));
    expect(answers.slice(0, 10_001).every(Boolean)).toBe(true);
    // The slot holding it is checked, by a thread or by the walk, before the walk has filled every
    // slot of the ring once more: the walk hears of the mismatch within that many texts.
    const shortestRecord = 4 + texts[0]!.length + 64;
    const firstFalse = answers.indexOf(false);
    expect(firstFalse).toBeGreaterThan(10_000);
    expect(firstFalse).toBeLessThan(10_000 + ((SLOT_COUNT + 2) * SLOT_BYTES) / shortestRecord);
    expect(await digests.verdict()).toBe(false);
  });

  it('finds a mismatch in the last slot, which only the verdict checks', async () => {
    const digests = await runningDigestThreads();
    const texts = manyTexts(20_000);
    texts.forEach((text, i) => digests.matches(text, i === texts.length - 1 ? digestOf('another text') : digestOf(text)));
    expect(await digests.verdict()).toBe(false);
  });

  it('takes a digest as only its exact lowercase hex: upper case, a non-ASCII look-alike or a short one does not match', async () => {
    const digests = await runningDigestThreads();
    const text = 'the entry';
    const digest = digestOf(text);
    expect(digests.matches(text, digest.slice(0, 63))).toBe(false);
    const upper = await runningDigestThreads();
    expect(upper.matches(text, digest.toUpperCase())).toBe(true); // taken on trust until the verdict
    expect(await upper.verdict()).toBe(false);
    const lookAlike = await runningDigestThreads();
    // 'а' is Cyrillic: the same length in characters, more in UTF-8 bytes.
    expect(lookAlike.matches(text, `${digest.slice(0, 63)}а`)).toBe(false);
    expect(await lookAlike.verdict()).toBe(true);
    expect(await digests.verdict()).toBe(true);
  });
});
