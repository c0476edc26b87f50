// What a run keeps of the clusters it found: members with handles and scores, the significant edges
// between them, and the evidence (shared objects with the members' messages, times, texts and links),
// each bounded by LIMITS so a run's rows stay small whatever the input.
import { clusterEvidence } from './clusters.ts';
import type { Detection } from './detect.ts';
import type { MessageSet } from './message-set.ts';
import { LIMITS, type ClusterRecord, type Member } from './coordination.model.ts';

/** −log10 q, rounded, capped like the cluster scores. */
const edgeScore = (logq: number) => Math.round(Math.min(50, -logq / Math.LN10) * 100) / 100;
const round = (x: number) => Math.round(x * 100) / 100;

export function clusterRecords(set: MessageSet, d: Detection, urls: Map<string, string>): ClusterRecord[] {
  return d.clusters.slice(0, LIMITS.clusters).map((c) => {
    const kept = c.users.slice(0, LIMITS.members);
    const at = new Map(kept.map((u, i) => [u, i]));
    const byId = new Map<string, number>();
    const members: Member[] = kept.map((u, i) => {
      const id = set.users.values[u];
      byId.set(id, i);
      const colon = id.indexOf(':');
      return {
        id,
        handle: set.usernames[u] || id,
        platform: colon > 0 ? id.slice(0, colon) : '',
        score: round(c.userScores[i]),
        posts: 0,
      };
    });
    const edges: ClusterRecord['edges'] = [];
    for (const e of c.edges) {
      const a = at.get(d.edges.src[e]);
      const b = at.get(d.edges.dst[e]);
      if (a !== undefined && b !== undefined) edges.push([a, b, d.edges.weight[e], edgeScore(d.edges.logq[e])]);
    }
    const evidence = clusterEvidence(set, d.keys, d.edges, c, {
      limit: LIMITS.evidenceItems,
      messagesPerItem: LIMITS.messagesPerItem,
    }).map((item) => ({
      key: item.key.slice(0, LIMITS.textChars),
      messages: item.messages.flatMap((m) => {
        const member = byId.get(m.userId);
        if (member === undefined) return [];
        members[member].posts++;
        return [
          {
            id: m.messageId,
            member,
            time: m.time,
            text: m.text.slice(0, LIMITS.textChars),
            url: urls.get(m.messageId) ?? null,
          },
        ];
      }),
    }));
    return { idx: c.id, score: round(c.score), size: c.users.length, members, edges, evidence };
  });
}
