// Text files people upload (CSV from Excel, LibreOffice or Google Sheets) arrive in whatever their
// software wrote: UTF-8 with or without a byte-order mark, UTF-16 from "Unicode text", or
// Windows-1251, what Excel in Kazakhstan and Russia still saves by default. Spreadsheets saved in
// their own binary formats are recognised, so the user can be told to save as CSV instead.
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';

/** The encoding of a file from its first bytes; `complete` when `head` is the whole file. */
export function detectEncoding(head: Buffer, complete: boolean): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // Cut at a character boundary unless this is the whole file.
  let end = head.length;
  if (!complete) while (end > 0 && end > head.length - 4 && (head[end - 1] & 0xc0) === 0x80) end--;
  if (!complete && end > 0 && head[end - 1] >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

/** XLSX/ODS (zip) and the old XLS (OLE2) formats: not text at all. */
export function isSpreadsheet(bytes: Buffer): boolean {
  return (
    (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) ||
    bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
  );
}

/** The whole upload as text, its byte-order mark dropped. */
export function uploadedText(bytes: Buffer): string {
  return new TextDecoder(detectEncoding(bytes, true)).decode(bytes);
}
