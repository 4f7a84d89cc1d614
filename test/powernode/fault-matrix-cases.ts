import type { FakePowernode } from '../fake-powernode/server.mjs';

/**
 * The kill switch's fault matrix, shared by the vitest suite (the service over loopback HTTP) and
 * the e2e spec (the same through the browser): for each way a halt's answer can go wrong, what
 * the fake's real state is afterwards and how the console must answer at once. Whatever happens,
 * the final journal, chip and post-mortem must agree with the fake, and nothing that happened
 * may be called "failed".
 */
export interface FaultCase {
  name: string;
  /** Puts the fault in place on the fake before the operator presses HALT. */
  arrange(fake: FakePowernode): Promise<void>;
  /** Undoes what must be undone for the console to see the server again (if anything). */
  recover?(fake: FakePowernode): Promise<void>;
  /** Whether the platform really is halted afterwards. */
  halted: boolean;
  /** Who halted it (the name the chip shows), when it is. */
  haltedBy?: string;
  /** What the console answers at once: unknown (then settled), unchanged (409), or refused (not carried out). */
  answer: 'unknown' | 'unchanged' | 'refused';
}

export const HALT_PATH = '/api/v1/ai/kill_switch/halt';
/** The client gives up after this (headers and body); the fake holds a delayed answer longer. */
export const MATRIX_TIMEOUT_MS = 600;
export const MATRIX_POLL_MS = 1_000;

const fault = (input: Parameters<FakePowernode['control']>[0]['fault']) => async (fake: FakePowernode) => {
  await fake.control({ fault: input });
};

export const FAULT_CASES: FaultCase[] = [
  {
    name: 'timeout after the server halted (answer delayed)',
    arrange: fault({ pathPrefix: HALT_PATH, applyFirst: true, delayMs: MATRIX_TIMEOUT_MS * 4 }),
    halted: true,
    haltedBy: 'casey',
    answer: 'unknown',
  },
  {
    name: 'partial body, then a stall (after the server halted)',
    arrange: fault({ pathPrefix: HALT_PATH, partialBody: true }),
    halted: true,
    haltedBy: 'casey',
    answer: 'unknown',
  },
  {
    name: 'hang-up after the server halted',
    arrange: fault({ pathPrefix: HALT_PATH, applyFirst: true, closeConnection: true }),
    halted: true,
    haltedBy: 'casey',
    answer: 'unknown',
  },
  {
    name: 'hang-up before the server acted',
    arrange: fault({ pathPrefix: HALT_PATH, closeConnection: true }),
    halted: false,
    answer: 'unknown',
  },
  {
    name: '500 after the server halted',
    arrange: fault({ pathPrefix: HALT_PATH, applyFirst: true, status: 500 }),
    halted: true,
    haltedBy: 'casey',
    answer: 'unknown',
  },
  {
    name: '500 before the server acted',
    arrange: fault({ pathPrefix: HALT_PATH, status: 500 }),
    halted: false,
    answer: 'unknown',
  },
  {
    name: 'malformed 200 (not JSON)',
    arrange: fault({ pathPrefix: HALT_PATH, applyFirst: true, invalidJson: true }),
    halted: true,
    haltedBy: 'casey',
    answer: 'unknown',
  },
  {
    name: 'wrong-shape 200',
    arrange: fault({ pathPrefix: HALT_PATH, applyFirst: true, malformed: true }),
    halted: true,
    haltedBy: 'casey',
    answer: 'unknown',
  },
  {
    name: '409: already halted by another operator',
    arrange: async (fake) => {
      await fake.control({ act: { as: 'oncall@example.test', action: 'halt', reason: 'Robin halted from the web UI.' } });
    },
    halted: true,
    haltedBy: 'robin',
    answer: 'unchanged',
  },
  {
    name: '429 on the halt',
    arrange: fault({ pathPrefix: HALT_PATH, rateLimited: true }),
    halted: false,
    answer: 'refused',
  },
  {
    name: 'connection refused',
    arrange: (fake) => fake.stopListening(),
    recover: (fake) => fake.listenAgain(),
    halted: false,
    answer: 'refused',
  },
];
