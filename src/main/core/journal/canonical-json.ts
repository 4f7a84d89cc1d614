/**
 * RFC 8785 (JCS) canonical JSON for the values the journal hashes (strings, integers, booleans,
 * null, objects, arrays; docs/evidence-format.md): object keys sorted by UTF-16 code units at
 * every level, values written as JSON.stringify writes them, so the same value always hashes the
 * same way whatever order its fields were built in. `undefined` fields are dropped, as JSON does.
 *
 * It is written out directly, key by key, rather than by sorting a copy and calling JSON.stringify:
 * a verification of a long chain serialises millions of headers, and a rebuilt object would list
 * integer-like keys ("1") first whatever the sort said, as JavaScript orders such properties.
 */
export function canonicalJson(value: unknown): string {
  return write(value) as string;
}

/** Characters JSON.stringify escapes in a string; a string with none of them is written as it is, in quotes. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as canonical JSON writes it (as JSON.stringify does). */
export function canonicalString(value: string): string {
  return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** Whether canonical JSON writes this string as it is between two quotes (nothing in it is escaped). */
export const writtenAsIs = (value: string): boolean => !NEEDS_ESCAPING.test(value);

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? writeArray(value) : writeObject(value as Record<string, unknown>);
    case 'bigint':
      return JSON.stringify(value); // throws, as JSON.stringify does
    default:
      return undefined; // undefined, functions and symbols have no JSON form
  }
}

function writeArray(items: readonly unknown[]): string {
  let out = '[';
  for (let index = 0; index < items.length; index += 1) {
    if (index > 0) out += ',';
    out += write(items[index]) ?? 'null';
  }
  return `${out}]`;
}

function writeObject(source: Record<string, unknown>): string {
  const { order, prefixes } = orderOf(Object.keys(source));
  let out = '{';
  for (let index = 0; index < order.length; index += 1) {
    const text = write(source[order[index]!]);
    if (text === undefined) continue;
    out += (out.length > 1 ? ',' : '') + prefixes[index]! + text;
  }
  return `${out}}`;
}

interface KeyOrder {
  order: string[];
  /** Each key written out with its colon, `"key":`. */
  prefixes: string[];
}

/** The key lists met most recently and their order: every header of a chain has the same keys, every body too. */
const recentOrders: Array<{ keys: string[]; order: KeyOrder }> = [];
const RECENT_ORDERS = 8;

function orderOf(keys: string[]): KeyOrder {
  for (const recent of recentOrders) if (sameKeys(keys, recent.keys)) return recent.order;
  // Array.prototype.sort compares strings by UTF-16 code units, as RFC 8785 §3.2.3 asks.
  const order = [...keys].sort();
  const known = { order, prefixes: order.map((key) => `${write(key)}:`) };
  recentOrders.unshift({ keys, order: known });
  if (recentOrders.length > RECENT_ORDERS) recentOrders.pop();
  return known;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
