import { deflateSync } from 'node:zlib';

/**
 * The tray icon, drawn here rather than shipped as a dozen PNGs: a disc in the severity's colour,
 * with a thick red ring and a white bar when the kill switch has halted the platform, so both
 * facts read from the corner of the screen. Returns PNG bytes for nativeImage.createFromBuffer.
 */
export function trayIconPng(fill: string, halted: boolean, size = 32): Buffer {
  const [r, g, b] = hexToRgb(fill);
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const outer = size / 2 - 0.5;
  const ringWidth = Math.max(2, Math.round(size / 8));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      const offset = (y * size + x) * 4;
      if (distance > outer) continue;
      let colour: [number, number, number] = [r, g, b];
      if (halted && distance > outer - ringWidth) colour = [0xd0, 0x10, 0x10];
      // The "stop" bar across the middle when halted.
      if (halted && Math.abs(y - centre) < size / 10 && Math.abs(x - centre) < outer - ringWidth - 1) colour = [0xff, 0xff, 0xff];
      pixels.set([...colour, 0xff], offset);
    }
  }
  return encodePng(size, size, pixels);
}

function hexToRgb(hex: string): [number, number, number] {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

/** Minimal RGBA PNG encoder (IHDR, one IDAT, IEND). */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
