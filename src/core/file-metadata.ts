// Removes identifying metadata from uploaded files (testimony attachments before they are encrypted,
// images of officials' responses before they are published): EXIF (camera, time,
// GPS position), XMP, IPTC and comments from JPEG, PNG and WebP; document properties and XMP from
// PDF (best effort: values are blanked in place so the file's byte offsets stay valid). Pure, no I/O:
// the browser runs it before encryption and the server's no-JavaScript fallback runs it in memory.

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The real type from the first bytes (never the name or the browser's guess). */
export function sniffType(b: Uint8Array): AttachmentType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return 'image/png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
  if (b.length >= 5 && ascii(b, 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

function ascii(b: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = at; i < at + len && i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

export class MetadataError extends Error {}

export function stripMetadata(bytes: Uint8Array, type: AttachmentType): Uint8Array {
  switch (type) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
    case 'application/pdf':
      return blankPdf(bytes);
  }
}

// JPEG: keep JFIF (APP0), ICC profiles (APP2) and Adobe colour info (APP14); drop EXIF/XMP (APP1),
// IPTC/Photoshop (APP13), every other application segment and comments (COM).
function stripJpeg(b: Uint8Array): Uint8Array {
  const keep: Array<[number, number]> = [[0, 2]];
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new MetadataError('Malformed JPEG');
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) {
      keep.push([i, b.length]); // start of scan: image data to the end, untouched
      break;
    }
    if (marker >= 0xd0 && marker <= 0xd7) {
      keep.push([i, i + 2]);
      i += 2;
      continue;
    }
    if (i + 4 > b.length) throw new MetadataError('Truncated JPEG');
    const len = (b[i + 2] << 8) | b[i + 3];
    if (len < 2 || i + 2 + len > b.length) throw new MetadataError('Truncated JPEG');
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const drop = marker === 0xfe || (isApp && marker !== 0xe0 && marker !== 0xe2 && marker !== 0xee);
    if (!drop) keep.push([i, i + 2 + len]);
    i += 2 + len;
  }
  return concat(b, keep);
}

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);
function stripPng(b: Uint8Array): Uint8Array {
  const keep: Array<[number, number]> = [[0, 8]];
  let i = 8;
  while (i < b.length) {
    if (i + 12 > b.length) throw new MetadataError('Truncated PNG');
    const len = ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
    const type = ascii(b, i + 4, 4);
    const end = i + 12 + len;
    if (end > b.length) throw new MetadataError('Truncated PNG');
    if (!PNG_DROP.has(type)) keep.push([i, end]);
    i = end;
    if (type === 'IEND') break;
  }
  return concat(b, keep);
}

function stripWebp(b: Uint8Array): Uint8Array {
  const keep: Array<[number, number]> = [];
  let i = 12;
  let vp8x = -1;
  while (i < b.length) {
    if (i + 8 > b.length) throw new MetadataError('Truncated WebP');
    const type = ascii(b, i, 4);
    const size = b[i + 4] | (b[i + 5] << 8) | (b[i + 6] << 16) | ((b[i + 7] << 24) >>> 0);
    const end = i + 8 + size + (size & 1);
    if (end > b.length + 1) throw new MetadataError('Truncated WebP');
    if (type !== 'EXIF' && type !== 'XMP ') {
      if (type === 'VP8X') vp8x = keep.reduce((n, [s, e]) => n + e - s, 12);
      keep.push([i, Math.min(end, b.length)]);
    }
    i = end;
  }
  const body = concat(b, keep);
  const out = new Uint8Array(12 + body.length);
  out.set(b.subarray(0, 12), 0);
  out.set(body, 12);
  const riff = out.length - 8;
  out[4] = riff & 0xff;
  out[5] = (riff >> 8) & 0xff;
  out[6] = (riff >> 16) & 0xff;
  out[7] = (riff >>> 24) & 0xff;
  if (vp8x >= 0) out[vp8x + 8] &= ~(0x08 | 0x04); // the VP8X flags no longer announce EXIF or XMP
  return out;
}

// PDF: blank the document-information strings and any uncompressed XMP packet with spaces of the
// same length. Compressed metadata streams cannot be cleaned this way; the form says so.
const PDF_INFO = /\/(Author|Creator|Producer|Title|Subject|Keywords|CreationDate|ModDate)\s*\(((?:\\.|[^\\)])*)\)/g;
const XMP = /<x:xmpmeta[\s\S]*?<\/x:xmpmeta>/g;
function blankPdf(b: Uint8Array): Uint8Array {
  let text = '';
  for (let i = 0; i < b.length; i += 8192) text += String.fromCharCode(...b.subarray(i, Math.min(b.length, i + 8192)));
  const out = b.slice();
  const blank = (from: number, len: number) => out.fill(0x20, from, from + len);
  for (const m of text.matchAll(PDF_INFO)) blank(m.index! + m[0].length - 1 - m[2].length, m[2].length);
  for (const m of text.matchAll(XMP)) blank(m.index!, m[0].length);
  return out;
}

function concat(b: Uint8Array, ranges: Array<[number, number]>): Uint8Array {
  const out = new Uint8Array(ranges.reduce((n, [s, e]) => n + e - s, 0));
  let o = 0;
  for (const [s, e] of ranges) {
    out.set(b.subarray(s, e), o);
    o += e - s;
  }
  return out;
}
