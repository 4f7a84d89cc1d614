import { describe, expect, it } from 'vitest';
import { nextTurn } from '../src/main/core/next-turn';
import { OnceNextTurn } from '../src/main/core/once-next-turn';

describe('work asked for in one turn of the event loop', () => {
  it('runs once, in the next turn, however often it was asked for', async () => {
    let runs = 0;
    const once = new OnceNextTurn(() => (runs += 1));
    once.ask();
    once.ask();
    once.ask();
    expect(runs).toBe(0);
    await nextTurn();
    expect(runs).toBe(1);
    once.ask();
    await nextTurn();
    expect(runs).toBe(2);
  });

  it('may be asked for again while it runs, and then runs once more', async () => {
    let runs = 0;
    const once: OnceNextTurn = new OnceNextTurn(() => {
      runs += 1;
      if (runs === 1) once.ask();
    });
    once.ask();
    await nextTurn();
    await nextTurn();
    expect(runs).toBe(2);
  });

  it('never runs after close, not even what was asked for before it', async () => {
    let runs = 0;
    const once = new OnceNextTurn(() => (runs += 1));
    once.ask();
    once.close();
    once.ask();
    await nextTurn();
    await nextTurn();
    expect(runs).toBe(0);
  });
});
