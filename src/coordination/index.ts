// The coordination module's computation core: what the command line, the monitor command and the
// analyst pages call. Pure functions over an in-memory columnar message set (no database, no clock).

export { clusterEvidence, clustersOf, type Cluster, type EvidenceItem, type EvidenceMessage } from './clusters.ts';
export {
  COLUMNS,
  CSV_REJECT_REASONS,
  CoordinationInputError,
  readQutCsv,
  readQutCsvStream,
  type CsvReject,
  type CsvRejectReason,
  type CsvResult,
} from './csv.ts';
export { DEFAULT_FDR, DEFAULT_WINDOW, detectCoordination, type DetectOptions, type Detection } from './detect.ts';
export { computeEdges, type EdgeSet } from './edges.ts';
export { isType, keysFor, TYPES, type CoordinationType, type Keys } from './keys.ts';
export { normaliseLink } from './links.ts';
export { entities, messageSetFrom, type MessageInput, type MessageSet } from './message-set.ts';
export type { Progress, RunOptions } from './run.ts';
export { similarText, type SimilarOptions } from './similar.ts';
export { pseudonym, writeClustersCsv, writeEdgesCsv, writeGexf, type WriteOptions } from './writers.ts';
export type { CoordinationService } from './coordination.service.ts';
