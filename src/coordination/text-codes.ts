// Texts as co-similar compares them, read straight from their UTF-8 bytes (decoding a million
// Cyrillic texts into strings first would cost seconds): links and @mentions dropped, then each
// character through one table built from the monitor's own fold (src/i18n/fold.ts: case, Kazakh
// letters ә→а, қ→к …, ё→е, invisible characters) followed by NFD with the accents dropped (й→и, so
// composed and decomposed spellings agree); anything but letters and digits becomes one space.
import { stripInvisible } from '../monitor/index.ts';
import { fold } from '../i18n/fold.ts';

const SPACE = 0x20;
const SKIP = 0xffff;
let table: Uint16Array | null = null;

/** Per UTF-16 unit: the folded letter or digit, SPACE for a separator, SKIP for marks and invisibles. */
function codeTable(): Uint16Array {
  if (table) return table;
  const t = new Uint16Array(65536).fill(SPACE);
  const word = /^[\p{L}\p{N}]$/u;
  const mark = /^\p{M}$/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (mark.test(ch) || stripInvisible(ch) === '') t[c] = SKIP;
    else if (word.test(ch)) {
      const f = fold(ch).normalize('NFD').replace(/\p{M}/gu, '');
      t[c] = f.length ? f.charCodeAt(0) : SKIP;
    }
  }
  return (table = t);
}

const isAsciiWord = (b: number) =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x2e;
const isAsciiSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function startsWith(b: Buffer, i: number, end: number, s: string): boolean {
  if (i + s.length > end) return false;
  for (let k = 0; k < s.length; k++) if ((b[i + k] | 0x20) !== s.charCodeAt(k)) return false;
  return true;
}

/**
 * Writes the normalised text of bytes[start, end) into `out` (grown when needed) and returns
 * [out, length]; no leading, trailing or double spaces.
 */
export function foldedCodes(b: Buffer, start: number, end: number, out: Uint16Array): [Uint16Array, number] {
  const t = codeTable();
  if (out.length < end - start + 1) out = new Uint16Array((end - start) * 2 + 16);
  let n = 0;
  let prevWord = false; // the last byte read belonged to a letter or digit
  let i = start;
  while (i < end) {
    const x = b[i];
    if (!prevWord && (x === 0x68 || x === 0x48 || x === 0x77 || x === 0x57)) {
      if (startsWith(b, i, end, 'http://') || startsWith(b, i, end, 'https://') || startsWith(b, i, end, 'www.')) {
        while (i < end && !isAsciiSpace(b[i])) i++;
        continue;
      }
    }
    if (x === 0x40 && !prevWord && i + 1 < end && isAsciiWord(b[i + 1]) && b[i + 1] !== 0x2e) {
      i++;
      while (i < end && isAsciiWord(b[i])) i++;
      continue;
    }
    let c: number;
    if (x < 0x80) {
      c = x;
      i++;
    } else if (x < 0xe0) {
      c = ((x & 0x1f) << 6) | (b[i + 1] & 0x3f);
      i += 2;
    } else if (x < 0xf0) {
      c = ((x & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
      i += 3;
    } else {
      c = SPACE; // outside the BMP: emoji and the like separate words
      i += 4;
    }
    const m = t[c];
    if (m === SKIP) continue;
    if (m === SPACE) {
      if (n > 0 && out[n - 1] !== SPACE) out[n++] = SPACE;
      prevWord = false;
      if (x === 0x2e || x === 0x2f || x === 0x5f) prevWord = true; // "a.b@c" and "x/@y" are not mentions
      continue;
    }
    out[n++] = m;
    prevWord = true;
  }
  if (n > 0 && out[n - 1] === SPACE) n--;
  return [out, n];
}

/** The normalised text as a string (for display and tests). */
export function similarText(text: string): string {
  const b = Buffer.from(text, 'utf8');
  const [codes, n] = foldedCodes(b, 0, b.length, new Uint16Array(b.length + 16));
  return String.fromCharCode(...codes.subarray(0, n));
}
