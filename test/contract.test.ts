import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelForEvent, channelForMethod, eventNames, events, methodNames, methods } from '../src/shared/contract';
import { RENDERER_CSP } from '../src/shared/csp';
import { dispatch } from '../src/main/core/dispatch';
import { ConsoleError } from '../src/shared/errors';
import { createTestConsole } from './support/console';

describe('contract', () => {
  it('gives every method a summary and zod schemas for input and output', () => {
    for (const name of methodNames) {
      const spec = methods[name];
      expect(spec.summary.length, name).toBeGreaterThan(5);
      expect(spec.input, name).toBeInstanceOf(z.ZodType);
      expect(spec.output, name).toBeInstanceOf(z.ZodType);
    }
    for (const name of eventNames) expect(events[name], name).toBeInstanceOf(z.ZodType);
  });

  it('derives distinct channel names for methods and events', () => {
    const channels = [...methodNames.map(channelForMethod), ...eventNames.map(channelForEvent)];
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('has a handler for every method once the core is composed', async () => {
    const testConsole = await createTestConsole();
    try {
      expect(Object.keys(testConsole.core.handlers).sort()).toEqual([...methodNames].sort());
    } finally {
      await testConsole.dispose();
    }
  });

  it('keeps the CSP meta tag in index.html equal to the one main sends', () => {
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).not.toContain('unsafe-inline');
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
  });
});

describe('dispatch', () => {
  const handlers = {
    'app.info': () => ({ name: 'x' }),
  } as never;

  it('refuses an output that breaks the contract rather than passing it on', async () => {
    const result = await dispatch(handlers, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_OUTPUT' } });
  });

  it('passes a service error through with its own code', async () => {
    const failing = {
      'app.info': () => {
        throw new ConsoleError('JOURNAL_READ_ONLY', 'The journal file is read-only');
      },
    } as never;
    const result = await dispatch(failing, 'app.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'JOURNAL_READ_ONLY', message: 'The journal file is read-only' } });
  });

  it('wraps an unexpected exception as INTERNAL and reports it', async () => {
    const seen: string[] = [];
    const failing = {
      'app.info': () => {
        throw new Error('disk on fire');
      },
    } as never;
    const result = await dispatch(failing, 'app.info', {}, { onInternalError: (method) => seen.push(method) });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'app.info failed: disk on fire' } });
    expect(seen).toEqual(['app.info']);
  });

  it('does not treat inherited object keys as methods', async () => {
    const result = await dispatch(handlers, 'constructor', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });
});
