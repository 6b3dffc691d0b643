/**
 * Files for the import/export e2e tests, made and read in Node: PNG size from its IHDR, GIF
 * size and frame count by walking its blocks, a tiny grayscale PNG encoder (zlib); a file to
 * hand to a file input, and the bytes of a download.
 */
import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';

/** Width and height of a PNG (IHDR, big-endian, bytes 16…23). */
export function pngSize(b: Buffer): { width: number; height: number } {
  if (b.readUInt32BE(0) !== 0x89504e47 || b.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG');
  }
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Logical screen size and number of images of a GIF. */
export function gifInfo(b: Buffer): { width: number; height: number; frames: number } {
  if (b.toString('ascii', 0, 6) !== 'GIF89a') throw new Error('not a GIF89a');
  const width = b.readUInt16LE(6);
  const height = b.readUInt16LE(8);
  let pos = 13;
  if (b[10]! & 0x80) pos += 3 * 2 ** ((b[10]! & 7) + 1);
  const skipSubBlocks = () => {
    for (let n = b[pos++]!; n !== 0; n = b[pos++]!) pos += n;
  };
  let frames = 0;
  for (;;) {
    const id = b[pos++];
    if (id === 0x3b) break;
    if (id === 0x21) {
      pos++;
      skipSubBlocks();
    } else if (id === 0x2c) {
      frames++;
      const packed = b[pos + 8]!;
      pos += 9;
      if (packed & 0x80) pos += 3 * 2 ** ((packed & 7) + 1);
      pos++; // LZW minimum code size
      skipSubBlocks();
    } else throw new Error(`unexpected GIF block 0x${id?.toString(16)} at ${pos - 1}`);
    if (pos > b.length) throw new Error('truncated GIF');
  }
  return { width, height, frames };
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A w × h 8-bit grayscale PNG, white, with the pixels `dark(x, y)` black. */
export function grayPng(w: number, h: number, dark: (x: number, y: number) => boolean): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc(h * (w + 1));
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0;
    for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = dark(x, y) ? 0 : 255;
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** n points on a circle as CSV rows (with an x,y header). */
export function ringCsv(n: number, r = 2, delim = ','): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return `${(r * Math.cos(a)).toFixed(3)}${delim}${(r * Math.sin(a)).toFixed(3)}`;
  });
  return `x${delim}y\n${rows.join('\n')}\n`;
}

/** A file for `setInputFiles` (text or bytes). */
export const file = (name: string, mimeType: string, text: string | Buffer) => ({
  name,
  mimeType,
  buffer: typeof text === 'string' ? Buffer.from(text) : text,
});

/** The bytes of what clicking `testId` downloads. */
export async function download(page: Page, testId: string, timeout = 30_000): Promise<Buffer> {
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout }),
    page.getByTestId(testId).click(),
  ]);
  return readFile((await d.path())!);
}
