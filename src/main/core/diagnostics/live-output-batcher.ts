export interface LiveBatch {
  text: string;
  skippedBytes: number;
}

export interface LiveOutputBatcherOptions {
  intervalMs: number;
  maxBytesPerEvent: number;
  emit: (batch: LiveBatch) => void;
}

/**
 * Batches scrubbed output for the live view: at most one event per `intervalMs`, each carrying
 * at most `maxBytesPerEvent`. When a command floods (200 MB), older unsent text is dropped and
 * counted, so the renderer sees the newest output at a bounded rate instead of freezing.
 */
export class LiveOutputBatcher {
  private pending: string[] = [];
  private pendingChars = 0;
  private skipped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveOutputBatcherOptions) {}

  push(text: string): void {
    if (text === '') return;
    this.pending.push(text);
    this.pendingChars += text.length;
    // Keep only what the next event can carry (characters approximate bytes; close enough here).
    while (this.pendingChars - (this.pending[0]?.length ?? 0) >= this.options.maxBytesPerEvent && this.pending.length > 1) {
      const dropped = this.pending.shift()!;
      this.pendingChars -= dropped.length;
      this.skipped += Buffer.byteLength(dropped);
    }
    this.timer ??= setTimeout(() => this.flush(), this.options.intervalMs);
  }

  /** Sends what is pending now (the end of a run). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 && this.skipped === 0) return;
    let text = this.pending.join('');
    let skipped = this.skipped;
    if (text.length > this.options.maxBytesPerEvent) {
      const cut = text.length - this.options.maxBytesPerEvent;
      skipped += Buffer.byteLength(text.slice(0, cut));
      text = text.slice(cut);
    }
    this.pending = [];
    this.pendingChars = 0;
    this.skipped = 0;
    this.options.emit({ text, skippedBytes: skipped });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
