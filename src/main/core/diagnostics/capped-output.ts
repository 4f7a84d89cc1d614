export interface CappedOutputOptions {
  headBytes: number;
  tailBytes: number;
}

export const DEFAULT_OUTPUT_CAP: CappedOutputOptions = { headBytes: 64 * 1024, tailBytes: 192 * 1024 };

/**
 * The stored copy of a run's output: the first `headBytes` and the last `tailBytes`, with a
 * marker where the middle was cut saying how many bytes were dropped. Memory stays bounded
 * however much a command prints.
 */
export class CappedOutput {
  private head = '';
  private headSize = 0;
  private tail: string[] = [];
  /** Byte size of each tail piece, so trimming never re-measures a string. */
  private tailSizes: number[] = [];
  private tailSize = 0;
  private dropped = 0;
  private total = 0;

  constructor(private readonly options: CappedOutputOptions = DEFAULT_OUTPUT_CAP) {}

  append(text: string): void {
    if (text === '') return;
    let bytes = Buffer.byteLength(text);
    this.total += bytes;
    if (this.headSize < this.options.headBytes) {
      const room = this.options.headBytes - this.headSize;
      if (bytes <= room) {
        this.head += text;
        this.headSize += bytes;
        return;
      }
      const part = sliceBytes(text, room);
      this.head += part;
      this.headSize += Buffer.byteLength(part);
      text = text.slice(part.length);
      bytes = Buffer.byteLength(text);
    }
    this.tail.push(text);
    this.tailSizes.push(bytes);
    this.tailSize += bytes;
    while (this.tailSize > this.options.tailBytes && this.tail.length > 0) {
      const first = this.tail[0]!;
      const firstBytes = this.tailSizes[0]!;
      const excess = this.tailSize - this.options.tailBytes;
      if (firstBytes <= excess) {
        this.tail.shift();
        this.tailSizes.shift();
        this.tailSize -= firstBytes;
        this.dropped += firstBytes;
      } else {
        const cut = sliceBytes(first, excess);
        // Round up to a whole character so the byte count stays honest.
        const removed = cut.length === 0 ? first.slice(0, 1) : cut;
        const removedBytes = Buffer.byteLength(removed);
        this.tail[0] = first.slice(removed.length);
        this.tailSizes[0] = firstBytes - removedBytes;
        this.tailSize -= removedBytes;
        this.dropped += removedBytes;
      }
    }
  }

  get totalBytes(): number {
    return this.total;
  }

  get droppedBytes(): number {
    return this.dropped;
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  text(): string {
    const tail = this.tail.join('');
    if (this.dropped === 0) return this.head + tail;
    return `${this.head}\n… [${this.dropped} bytes of output dropped here; first ${this.headSize} and last ${this.tailSize} bytes kept] …\n${tail}`;
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
export function sliceBytes(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}
