/**
 * RFC 8785 (JCS) canonical JSON for the values the journal hashes (strings, integers, booleans,
 * null, objects, arrays; docs/evidence-format.md): object keys sorted by UTF-16 code units at
 * every level, values written as JSON.stringify writes them, so the same value always hashes the
 * same way whatever order its fields were built in. `undefined` fields are dropped, as JSON does.
 * Objects are written key by key rather than rebuilt: a rebuilt object would list integer-like
 * keys ("1") first whatever the sort said, as JavaScript orders such properties.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(source).sort()) {
      if (source[key] !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(source[key])}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
