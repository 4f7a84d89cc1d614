import { StringDecoder } from 'node:string_decoder';
import { CappedOutput, type CappedOutputOptions } from './capped-output';
import { LiveOutputBatcher, type LiveBatch } from './live-output-batcher';
import { SecretRedactor } from '../../../shared/secret-redactor';

/**
 * The path every byte of a run's output takes: decoded (a UTF-8 character split across chunks
 * stays whole), scrubbed of secrets, then both kept (capped) and sent live (batched). Nothing
 * reaches storage or the screen before the scrubber has seen it.
 */
export class RunOutput {
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly scrubbers = { stdout: new SecretRedactor(), stderr: new SecretRedactor() };
  private readonly stored: CappedOutput;
  private readonly live: LiveOutputBatcher;

  constructor(emitLive: (batch: LiveBatch) => void, options: { intervalMs?: number; maxBytesPerEvent?: number; cap?: CappedOutputOptions } = {}) {
    this.stored = new CappedOutput(options.cap);
    this.live = new LiveOutputBatcher({ intervalMs: options.intervalMs ?? 100, maxBytesPerEvent: options.maxBytesPerEvent ?? 64 * 1024, emit: emitLive });
  }

  write(chunk: Buffer, stream: 'stdout' | 'stderr'): void {
    this.release(this.scrubbers[stream].push(this.decoders[stream].write(chunk)));
  }

  /** A line the runner itself adds (a step header, "waiting 30 s"): scrubbed like the rest. */
  note(text: string): void {
    this.flushStreams();
    this.release(this.scrubbers.stdout.push(text));
    this.release(this.scrubbers.stdout.end());
  }

  /** End of the run: flush partial lines and the live batch. */
  finish(): void {
    this.flushStreams();
    this.live.flush();
    this.live.dispose();
  }

  get totalBytes(): number {
    return this.stored.totalBytes;
  }

  get truncated(): boolean {
    return this.stored.truncated;
  }

  text(): string {
    return this.stored.text();
  }

  private flushStreams(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      this.release(this.scrubbers[stream].push(this.decoders[stream].end()));
      this.decoders[stream] = new StringDecoder('utf8');
      this.release(this.scrubbers[stream].end());
    }
  }

  private release(text: string): void {
    if (text === '') return;
    this.stored.append(text);
    this.live.push(text);
  }
}
