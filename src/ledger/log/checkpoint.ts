// C2SP tlog-checkpoint: the note text `origin\nsize\nbase64(root)\n[extension lines\n]`, signed by
// the log. The origin names the log; a checkpoint from another log must never be accepted for it.
import { HASH_SIZE, fromBase64, toBase64 } from './bytes.ts';
import { bad } from './errors.ts';
import type { Signer, Verifier } from './keys.ts';
import { openNote, signNote, type OpenedNote } from './note.ts';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  /** Opaque, non-empty lines after the root; the spec discourages them, so Dauys writes none. */
  extensions: string[];
}

const SIZE = /^(?:0|[1-9][0-9]*)$/;

const checkLine = (line: string, what: string) => {
  if (line === '' || /[\u0000-\u001f]/.test(line))
    throw bad('checkpoint.malformed', `${what} must be a non-empty line`);
};

/** The note text (body) of a checkpoint. */
export const formatCheckpoint = (c: Checkpoint): string => {
  checkLine(c.origin, 'origin');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw bad('checkpoint.malformed', `bad tree size ${c.size}`);
  if (c.root.length !== HASH_SIZE) throw bad('checkpoint.malformed', 'root hash must be 32 bytes');
  c.extensions.forEach((l) => checkLine(l, 'extension line'));
  return [c.origin, String(c.size), toBase64(c.root), ...c.extensions].map((l) => `${l}\n`).join('');
};

export const parseCheckpoint = (text: string): Checkpoint => {
  if (!text.endsWith('\n')) throw bad('checkpoint.malformed', 'checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad('checkpoint.malformed', 'checkpoint needs origin, size and root lines');
  const [origin, sizeText, rootText, ...extensions] = lines;
  checkLine(origin, 'origin');
  if (!SIZE.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    throw bad('checkpoint.malformed', `tree size ${JSON.stringify(sizeText)} is not a decimal without leading zeroes`);
  const root = fromBase64(rootText);
  if (!root || root.length !== HASH_SIZE) throw bad('checkpoint.malformed', 'root hash is not base64 of 32 bytes');
  extensions.forEach((l) => checkLine(l, 'extension line'));
  return { origin, size: Number(sizeText), root, extensions };
};

/** A signed checkpoint note; `cosignatures` are signature lines gathered earlier, kept verbatim. */
export const signCheckpoint = (
  c: Checkpoint,
  signers: readonly Signer[],
  cosignatures: readonly string[] = [],
): string => signNote(formatCheckpoint(c), signers, cosignatures);

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  note: OpenedNote;
}

/**
 * Verifies a signed checkpoint against the log's keys (several during a key rotation) and parses it.
 * With `origin`, a checkpoint of any other log is refused even if a known key signed it.
 */
export const openCheckpoint = (
  note: string | Uint8Array,
  logKeys: readonly Verifier[],
  origin?: string,
): OpenedCheckpoint => {
  const opened = openNote(note, logKeys);
  const checkpoint = parseCheckpoint(opened.text);
  if (origin !== undefined && checkpoint.origin !== origin)
    throw bad(
      'checkpoint.wrong_origin',
      `checkpoint is for ${JSON.stringify(checkpoint.origin)}, not ${JSON.stringify(origin)}`,
    );
  return { checkpoint, note: opened };
};
