// The ledger's storage-independent core: what the module, its routes and the CLI build on.
export { LedgerFormatError } from './errors.ts';
export { HASH_SIZE, equalBytes, fromBase64, fromHex, sha256, toBase64, toHex, utf8 as utf8Bytes } from './bytes.ts';
export { canonicalJson, canonicalJsonBytes, type JsonValue } from './canonical-json.ts';
export {
  EMPTY_ROOT,
  consistencyPlan,
  consistencyProof,
  inclusionPlan,
  inclusionProof,
  leafHash,
  nodeHash,
  rangeNodes,
  resolvePlan,
  rootFromInclusionProof,
  rootOfLeafHashes,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type HashReader,
  type NodeId,
  type Plan,
} from './merkle.ts';
export { MemoryTree } from './memory-tree.ts';
export {
  MAX_TILE_LEVEL,
  TILE_HEIGHT,
  TILE_WIDTH,
  decodeEntryBundle,
  encodeEntryBundle,
  encodeTileIndex,
  entryBundlesBetween,
  hashesAtLevel,
  parseTilePath,
  tileHolding,
  tilePath,
  tilesBetween,
  tilesForSize,
  type HashTileId,
  type TileId,
} from './tiles.ts';
export { buildTile, growTiles, tileHashes, type BuiltTile } from './tile-build.ts';
export { TileHashReader, type TileFetcher } from './tile-reader.ts';
export {
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
  encodeKeyPair,
  generateKey,
  isKeyName,
  keyId,
  noteSigner,
  noteVerifier,
  parseSignerKey,
  parseVerifierKey,
  publicKeyOfSeed,
  type KeyPair,
  type ParsedKey,
  type Signer,
  type Verifier,
} from './keys.ts';
export {
  MAX_SIGNATURES,
  openNote,
  parseNote,
  parseSignatureLine,
  parseSignatureLines,
  signNote,
  signatureLine,
  type Note,
  type NoteSignature,
  type OpenedNote,
} from './note.ts';
export {
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  type Checkpoint,
  type OpenedCheckpoint,
} from './checkpoint.ts';
export {
  checkCosignatures,
  cosignatureTime,
  cosignatureVerifier,
  cosignedMessage,
  cosigner,
  type CosignatureCheck,
  type Cosigner,
} from './cosignature.ts';
export {
  MAX_PROOF_LINES,
  SIZE_CONTENT_TYPE,
  buildAddCheckpointRequest,
  decideAddCheckpoint,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  readWitnessResponse,
  requestCosignature,
  type AddCheckpointRequest,
  type WitnessContext,
  type WitnessDecision,
  type WitnessRecord,
  type WitnessResponse,
} from './witness.ts';
export type { FetchLike } from './fetch-like.ts';
export { directoryStore, memoryStore, storeFetch, type FileStore } from './store.ts';
export { LedgerVerifyError, mirrorLog, type MirrorOptions, type MirrorResult } from './mirror.ts';
