// What "the same object" means for each type: the keys a message shares with others. A message can
// have several keys (its links, its mentions); each at most once. Messages without a key take no
// part: no type ever matches on an empty key.
import { entities, IntList, type Lists, type MessageSet } from './message-set.ts';
import { similarGroups, type SimilarOptions } from './similar.ts';
import type { RunOptions } from './run.ts';

export const TYPES = [
  'co-repost',
  'co-link',
  'co-reply',
  'co-similar',
  'co-hashtag',
  'co-post',
  'co-sound',
  'co-mention',
] as const;
export type CoordinationType = (typeof TYPES)[number];
export const isType = (s: string): s is CoordinationType => (TYPES as readonly string[]).includes(s);

/** Keys of messages: message i has keys ids[start[i] .. start[i+1]), each in 0 … keyCount-1. */
export interface Keys extends Lists {
  type: CoordinationType;
  keyCount: number;
  /** A readable label of a key (the link, the reposted id, the hashtag set, a text of the group). */
  label(key: number): string;
}

function single(set: MessageSet, col: Int32Array, keyCount: number): Lists {
  const start = new Int32Array(set.n + 1);
  const ids = new IntList(set.n);
  for (let i = 0; i < set.n; i++) {
    if (col[i] >= 0) ids.push(col[i]);
    start[i + 1] = ids.length;
  }
  return { start, ids: ids.toArray() };
}

/** Keys of the messages that are not reposts (a plain repost copies the original's text and links). */
function ownOnly(set: MessageSet, lists: Lists): Lists {
  const start = new Int32Array(set.n + 1);
  const ids = new IntList(lists.ids.length || 1);
  for (let i = 0; i < set.n; i++) {
    if (set.repost[i] < 0) for (let j = lists.start[i]; j < lists.start[i + 1]; j++) ids.push(lists.ids[j]);
    start[i + 1] = ids.length;
  }
  return { start, ids: ids.toArray() };
}

/** The set of two or more hashtags of each message, sorted, as one key. */
function hashtagSets(set: MessageSet, tags: Lists): { lists: Lists; labels: string[] } {
  const dict = new Map<string, number>();
  const labels: string[] = [];
  const col = new Int32Array(set.n).fill(-1);
  for (let i = 0; i < set.n; i++) {
    const a = tags.start[i];
    const b = tags.start[i + 1];
    if (b - a < 2 || set.repost[i] >= 0) continue;
    const names: string[] = [];
    for (let j = a; j < b; j++) names.push(set.hashtagKeys.values[tags.ids[j]]);
    const key = [...new Set(names)].sort().join(' ');
    if (!key.includes(' ')) continue;
    let id = dict.get(key);
    if (id === undefined) {
      id = labels.length;
      labels.push(key);
      dict.set(key, id);
    }
    col[i] = id;
  }
  return { lists: single(set, col, labels.length), labels };
}

export interface KeyOptions extends RunOptions {
  similar?: SimilarOptions;
}

/** The keys of every message for one type of coordination. */
export async function keysFor(set: MessageSet, type: CoordinationType, opts: KeyOptions = {}): Promise<Keys> {
  switch (type) {
    case 'co-repost':
      return {
        type,
        ...single(set, set.repost, 0),
        keyCount: set.repostKeys.size,
        label: (k) => set.repostKeys.values[k],
      };
    case 'co-reply':
      return {
        type,
        ...single(set, set.reply, 0),
        keyCount: set.replyKeys.size,
        label: (k) => set.replyKeys.values[k],
      };
    case 'co-sound':
      return {
        type,
        ...single(set, set.sound, 0),
        keyCount: set.soundKeys.size,
        label: (k) => set.soundKeys.values[k],
      };
    case 'co-link':
      return { type, ...ownOnly(set, set.links), keyCount: set.linkKeys.size, label: (k) => set.linkKeys.values[k] };
    case 'co-mention': {
      const { mentions } = entities(set);
      return {
        type,
        ...ownOnly(set, mentions),
        keyCount: set.mentionKeys.size,
        label: (k) => '@' + set.mentionKeys.values[k],
      };
    }
    case 'co-hashtag': {
      const { hashtags } = entities(set);
      const { lists, labels } = hashtagSets(set, hashtags);
      return { type, ...lists, keyCount: labels.length, label: (k) => labels[k].replace(/(^| )/g, '$1#') };
    }
    case 'co-post': {
      const start = new Int32Array(set.n + 1);
      for (let i = 0; i < set.n; i++) start[i + 1] = i + 1;
      return { type, start, ids: new Int32Array(set.n), keyCount: set.n ? 1 : 0, label: () => '*' };
    }
    case 'co-similar': {
      const g = await similarGroups(set, { ...opts.similar, signal: opts.signal, onProgress: opts.onProgress });
      const lists = single(set, g.group, g.groupCount);
      return { type, ...lists, keyCount: g.groupCount, label: (k) => set.text.get(g.representative[k]) };
    }
  }
}
