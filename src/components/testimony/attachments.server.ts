// Server side of attachments, only in the no-JavaScript fallback: each upload is checked, stripped
// of its metadata and encrypted with its own key, as her browser would have done.
import { ValidationError } from '../../core/errors.ts';
import { encryptFile, fileCiphertextLength, ready, toB64 } from './crypto.ts';
import { MetadataError, sniffType, stripMetadata } from '../../core/file-metadata.ts';
import type { FileData } from './case-store.ts';
import { LIMITS, type AttachmentRef } from './testimony.ts';

/** A file she uploaded, waiting (encrypted) in a temp file until it is read. */
export interface Upload {
  name: string;
  read(): Promise<Uint8Array>;
}

/**
 * Strips metadata and encrypts each upload, reading them from their (encrypted) temp files one at a
 * time. Every file is checked and its stripped size known before anything is stored; each is then
 * stripped again and encrypted only as the service stores it (stripping is deterministic), so at
 * most one file is in memory at a time.
 */
export async function sealUploads(files: Upload[]): Promise<{ refs: AttachmentRef[]; data: FileData[] }> {
  const s = await ready();
  if (files.length > LIMITS.files) throw new ValidationError({ attachments: 'testimony.error.too_many_files' });
  const clean = async (f: Upload) => {
    const bytes = await f.read();
    const type = sniffType(bytes);
    if (!type) throw new ValidationError({ attachments: 'testimony.error.file_type' });
    try {
      return { type, data: stripMetadata(bytes, type) };
    } catch (err) {
      if (err instanceof MetadataError) throw new ValidationError({ attachments: 'testimony.error.file_broken' });
      throw err;
    }
  };
  const refs: AttachmentRef[] = [];
  const data: FileData[] = [];
  for (const [position, f] of files.entries()) {
    const { type, data: stripped } = await clean(f);
    const key = s.crypto_secretstream_xchacha20poly1305_keygen();
    refs.push({ position, name: f.name.slice(0, 200), type, size: stripped.length, key: toB64(key) });
    data.push({
      size: fileCiphertextLength(stripped.length),
      read: async () => encryptFile((await clean(f)).data, s, key).data,
    });
  }
  return { refs, data };
}
