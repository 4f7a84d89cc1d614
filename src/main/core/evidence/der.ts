/**
 * Just enough DER (ASN.1) for RFC 3161: building a TimeStampReq, and reading the TSTInfo out of
 * a TimeStampToken. Readers never trust a length: every element must fit inside its parent.
 */

export interface DerElement {
  tag: number;
  /** The content bytes. */
  value: Buffer;
  /** The whole element, tag and length included. */
  bytes: Buffer;
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  /** [0] EXPLICIT, constructed. */
  context0: 0xa0,
} as const;

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
} as const;

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function element(tag: number, ...content: Buffer[]): Buffer {
  const value = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(value.length), value]);
}

export function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return element(TAG.oid, Buffer.from(bytes));
}

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export function unsignedInteger(bytes: Buffer): Buffer {
  const trimmed = bytes.subarray(bytes.findIndex((byte) => byte !== 0));
  const value = trimmed.length === 0 ? Buffer.from([0]) : trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return element(TAG.integer, value);
}

/** The element at `offset` of `buffer`, which must end within `end`. */
export function readElement(buffer: Buffer, offset = 0, end = buffer.length): DerElement {
  if (offset + 2 > end) throw new Error('DER element cut short');
  const tag = buffer[offset]!;
  let length = buffer[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || offset + 2 + count > end) throw new Error('DER length not understood');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + buffer[offset + 2 + i]!;
    header += count;
  }
  if (offset + header + length > end) throw new Error('DER element longer than what holds it');
  return { tag, value: buffer.subarray(offset + header, offset + header + length), bytes: buffer.subarray(offset, offset + header + length) };
}

/** The elements inside a constructed element, in order. */
export function children(parent: DerElement): DerElement[] {
  const list: DerElement[] = [];
  for (let offset = 0; offset < parent.value.length;) {
    const child = readElement(parent.value, offset);
    list.push(child);
    offset += child.bytes.length;
  }
  return list;
}

export function oidText(value: Buffer): string {
  const arcs: number[] = [];
  let current = 0;
  for (const byte of value) {
    current = current * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(current);
      current = 0;
    }
  }
  const [first = 0, ...rest] = arcs;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...rest].join('.');
}

/** GeneralizedTime (`20260315091200Z`, `20260315091200.5Z`) as ISO with milliseconds. */
export function generalizedTimeIso(value: Buffer): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(value.toString('latin1'));
  if (!match) throw new Error('genTime is not a UTC GeneralizedTime');
  const [, year, month, day, hour, minute, second, fraction = ''] = match;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}
