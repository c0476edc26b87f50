// The coordination module's domain shapes: an analysis run of a monitor scope and the clusters it
// found, as the service, the repository and the views share them.

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Which posts of the scope: inclusive UTC days and one platform, each optional. */
export interface RunFilter {
  from?: string;
  to?: string;
  platform?: string;
}

export interface RunRecord {
  id: string;
  /** The monitor scope: `c:<campaign id>`, `t:<hashtag key>` or `a`. */
  scope: string;
  filter: RunFilter;
  type: string;
  /** Seconds. */
  window: number;
  status: RunStatus;
  cancelRequested: boolean;
  stage: string | null;
  /** 0 … 1000 within the current stage. */
  progress: number;
  messages: number;
  users: number;
  edges: number;
  significant: number;
  clusters: number;
  /** A code (`interrupted`, `too_many_posts`, `failed`), never a stack trace. */
  error: string | null;
  startedBy: string;
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  finishedAt: string | null;
}

/** A member of a cluster: the monitor's author key, the handle shown, and her share of the score. */
export interface Member {
  id: string;
  handle: string;
  platform: string;
  score: number;
  /** Her messages among the cluster's evidence. */
  posts: number;
}

export interface EvidenceMessage {
  id: string;
  /** Index into the cluster's members. */
  member: number;
  /** Unix seconds. */
  time: number;
  text: string;
  url: string | null;
}

/** One shared object (a reposted post, a link, a text group…) and the members' messages on it. */
export interface Evidence {
  key: string;
  messages: EvidenceMessage[];
}

export interface ClusterRecord {
  /** 1, 2, … by descending score. */
  idx: number;
  /** Sum of −log10 q over its significant edges. */
  score: number;
  size: number;
  /** By descending score; at most MAX_MEMBERS are kept. */
  members: Member[];
  /** [from, to, weight, −log10 q] by member index. */
  edges: [number, number, number, number][];
  evidence: Evidence[];
}

/** What a run keeps of each cluster: enough to show and export it, bounded whatever the input. */
export const LIMITS = {
  clusters: 200,
  members: 150,
  evidenceItems: 40,
  messagesPerItem: 10,
  textChars: 280,
  /** Shared objects per cluster page (a page stays well under 100 KB). */
  evidencePerPage: 10,
};
