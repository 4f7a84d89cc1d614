/** Rows per block of summed heights: a position is found by summing at most one block's worth of each. */
const BLOCK = 1024;
const BLOCK_SHIFT = 10;

/**
 * The heights of a newest-first list's rows, for placing them without laying out the others: each
 * row measured once it is shown, the rest at an estimate. Rows are kept by their place counted
 * from the oldest (the bottom), which a new row at the top does not change, so adding a row costs
 * nothing per row already there, and placing one is a sum over block totals: on a
 * 1,000,000-entry timeline, a virtualiser that placed every row again on each new row took tens
 * of milliseconds per note typed.
 */
export class RowHeights {
  private heights = new Float64Array(BLOCK);
  private blocks = new Float64Array(1);
  private rows = 0;
  private sum = 0;

  constructor(private readonly estimate: number) {}

  get count(): number {
    return this.rows;
  }

  /** The height of every row together: the list's scrollable height. */
  get total(): number {
    return this.sum;
  }

  /** Rows added at the top (index 0 onwards), each at the estimate until measured. */
  grow(count: number): void {
    if (count <= this.rows) return;
    this.reserve(count);
    for (let place = this.rows; place < count; place += 1) {
      this.heights[place] = this.estimate;
      this.blocks[place >> BLOCK_SHIFT]! += this.estimate;
    }
    this.sum += this.estimate * (count - this.rows);
    this.rows = count;
  }

  /** Forgets every measurement: a list whose rows moved other than by new rows at the top. */
  reset(count: number): void {
    this.heights.fill(0);
    this.blocks.fill(0);
    this.rows = 0;
    this.sum = 0;
    this.grow(count);
  }

  heightAt(index: number): number {
    return this.heights[this.placeOf(index)] ?? this.estimate;
  }

  /** Records a row's measured height; returns how much it changed by. */
  set(index: number, height: number): number {
    if (index < 0 || index >= this.rows) return 0;
    const place = this.placeOf(index);
    const delta = height - this.heights[place]!;
    this.heights[place] = height;
    this.blocks[place >> BLOCK_SHIFT]! += delta;
    this.sum += delta;
    return delta;
  }

  /** Where the row at `index` starts: the heights of the (newer) rows above it. */
  startOf(index: number): number {
    if (index <= 0) return 0;
    if (index >= this.rows) return this.sum;
    return this.sum - this.belowAndAt(this.placeOf(index));
  }

  /** The index of the row at `offset` from the top (the first or the last row beyond either end). */
  indexAt(offset: number): number {
    if (this.rows === 0 || offset <= 0) return 0;
    if (offset >= this.sum) return this.rows - 1;
    // The row at `offset` from the top is the one whose rows from the bottom up to it first exceed `fromBottom`.
    const fromBottom = this.sum - offset;
    let sum = 0;
    let block = 0;
    while (block < this.blocks.length && sum + this.blocks[block]! < fromBottom) sum += this.blocks[block++]!;
    let place = block << BLOCK_SHIFT;
    while (place < this.rows - 1 && sum + this.heights[place]! < fromBottom) sum += this.heights[place++]!;
    return this.rows - 1 - place;
  }

  /** Rows are kept from the bottom: the newest (index 0) is the last place. */
  private placeOf(index: number): number {
    return this.rows - 1 - index;
  }

  /** The heights of the rows at places 0 to `place`, that one included. */
  private belowAndAt(place: number): number {
    const block = place >> BLOCK_SHIFT;
    let sum = 0;
    for (let index = 0; index < block; index += 1) sum += this.blocks[index]!;
    for (let index = block << BLOCK_SHIFT; index <= place; index += 1) sum += this.heights[index]!;
    return sum;
  }

  private reserve(count: number): void {
    if (count > this.heights.length) {
      let size = this.heights.length;
      while (size < count) size *= 2;
      const heights = new Float64Array(size);
      heights.set(this.heights);
      this.heights = heights;
    }
    const blocks = (count + BLOCK - 1) >> BLOCK_SHIFT;
    if (blocks > this.blocks.length) {
      const grown = new Float64Array(Math.max(blocks, this.blocks.length * 2));
      grown.set(this.blocks);
      this.blocks = grown;
    }
  }
}
