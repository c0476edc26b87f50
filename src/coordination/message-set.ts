// A message set in columns: users and every kind of shared object interned to small integers, times in
// a Float64Array, texts as UTF-8 bytes in a few large buffers. A million messages then cost tens of
// megabytes plus their texts, and the computations run over typed arrays, never per-message objects.
import { extractEntities, tagKey } from '../monitor/index.ts';
import { normaliseLink } from './links.ts';

/** Per message, a list of interned ids (compressed sparse rows): ids[start[i] .. start[i+1]). */
export interface Lists {
  start: Int32Array;
  ids: Int32Array;
}

/** Strings interned to 0, 1, 2 …: `ids` gives the id of a string, `values` the string of an id. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
  get size(): number {
    return this.values.length;
  }
}

const CHUNK = 16 * 1024 * 1024;

/** Texts as UTF-8 bytes in 16 MB chunks (one large text gets a chunk of its own); decoded when asked for. */
export class TextColumn {
  private chunks: Buffer[] = [];
  private cur: Buffer = Buffer.alloc(0);
  private used = 0;
  private chunkOf = new Uint16Array(1024);
  private offset = new Uint32Array(1024);
  private length = new Uint32Array(1024);
  count = 0;

  private grow() {
    const cap = this.chunkOf.length * 2;
    const c = new Uint16Array(cap);
    c.set(this.chunkOf);
    this.chunkOf = c;
    const o = new Uint32Array(cap);
    o.set(this.offset);
    this.offset = o;
    const l = new Uint32Array(cap);
    l.set(this.length);
    this.length = l;
  }

  /** Appends bytes[start, end) as the next text. */
  pushBytes(bytes: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.count === this.chunkOf.length) this.grow();
    if (this.used + n > this.cur.length) {
      this.cur = Buffer.allocUnsafe(Math.max(CHUNK, n));
      this.chunks.push(this.cur);
      this.used = 0;
    }
    bytes.copy(this.cur, this.used, start, end);
    this.chunkOf[this.count] = this.chunks.length - 1;
    this.offset[this.count] = this.used;
    this.length[this.count] = n;
    this.used += n;
    this.count++;
  }

  push(text: string): void {
    const b = Buffer.from(text, 'utf8');
    this.pushBytes(b, 0, b.length);
  }

  get(i: number): string {
    if (i < 0 || i >= this.count) throw new RangeError(`no text ${i}`);
    if (this.length[i] === 0) return '';
    const o = this.offset[i];
    return this.chunks[this.chunkOf[i]].toString('utf8', o, o + this.length[i]);
  }

  /** The buffer holding text i, and where in it the text starts and ends (no decoding). */
  buffer(i: number): Buffer {
    return this.chunks[this.chunkOf[i]] ?? this.cur;
  }
  start(i: number): number {
    return this.offset[i];
  }
  end(i: number): number {
    return this.offset[i] + this.length[i];
  }

  /** Bytes held (for memory figures). */
  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }
}

/** A growable Int32Array. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export interface MessageSet {
  /** Number of messages. */
  n: number;
  /** External id of each message, in order. */
  messageIds: string[];
  /** Interned user ids (values: the external user id); `user[i]` is the author of message i. */
  users: Dictionary;
  /** Display name of each user (the first seen), '' when unknown. */
  usernames: string[];
  user: Int32Array;
  /** Unix seconds. */
  time: Float64Array;
  /** Interned id of the reposted object, -1 when the message is not a repost. */
  repost: Int32Array;
  repostKeys: Dictionary;
  /** Interned id of the object replied to, -1 when none. */
  reply: Int32Array;
  replyKeys: Dictionary;
  /** Interned sound (music) id, -1 when none. */
  sound: Int32Array;
  soundKeys: Dictionary;
  text: TextColumn;
  /** Normalised links (see links.ts), each at most once per message. */
  links: Lists;
  linkKeys: Dictionary;
  /** Folded hashtags and lower-cased mentions; derived from the texts when not given (see entities()). */
  hashtags: Lists | null;
  hashtagKeys: Dictionary;
  mentions: Lists | null;
  mentionKeys: Dictionary;
}

/** Builds a MessageSet row by row; `add` takes already-interned or raw values. */
export class MessageSetBuilder {
  readonly messageIds: string[] = [];
  readonly users = new Dictionary();
  readonly usernames: string[] = [];
  readonly repostKeys = new Dictionary();
  readonly replyKeys = new Dictionary();
  readonly soundKeys = new Dictionary();
  readonly linkKeys = new Dictionary();
  readonly hashtagKeys = new Dictionary();
  readonly mentionKeys = new Dictionary();
  readonly text = new TextColumn();
  private user = new IntList();
  private time: Float64Array = new Float64Array(1024);
  private repost = new IntList();
  private reply = new IntList();
  private sound = new IntList();
  private linkStart = new IntList();
  private linkIds = new IntList();
  private tagStart = new IntList();
  private tagIds = new IntList();
  private mentionStart = new IntList();
  private mentionIds = new IntList();
  private withEntities: boolean;
  private linkMemo = new Map<string, number>();
  n = 0;

  /** withEntities: hashtags and mentions are given per message (else derived from texts later). */
  constructor(opts: { withEntities?: boolean } = {}) {
    this.withEntities = !!opts.withEntities;
    this.linkStart.push(0);
    this.tagStart.push(0);
    this.mentionStart.push(0);
  }

  userId(id: string, name: string): number {
    const before = this.users.size;
    const u = this.users.id(id);
    if (u === before) this.usernames.push(name);
    else if (!this.usernames[u] && name) this.usernames[u] = name;
    return u;
  }

  /** Interned normalised link, or -1 when the link is not a usable URL (memoised: links repeat). */
  linkId(raw: string): number {
    let id = this.linkMemo.get(raw);
    if (id === undefined) {
      const key = normaliseLink(raw);
      id = key === null ? -1 : this.linkKeys.id(key);
      if (this.linkMemo.size >= 500_000) this.linkMemo.clear();
      this.linkMemo.set(raw, id);
    }
    return id;
  }

  /** Starts message n: the caller then pushes its text (text.push or text.pushBytes) and links. */
  begin(messageId: string, user: number, time: number, repost: number, reply: number, sound = -1): void {
    if (this.n === this.time.length) {
      const t = new Float64Array(this.time.length * 2);
      t.set(this.time);
      this.time = t;
    }
    this.messageIds.push(messageId);
    this.user.push(user);
    this.time[this.n] = time;
    this.repost.push(repost);
    this.reply.push(reply);
    this.sound.push(sound);
    this.n++;
  }

  /** The links of the message just begun (ids from linkId; -1 and repeats are skipped). */
  endLinks(ids: number[]): void {
    addUnique(this.linkIds, this.linkStart, ids);
  }

  endEntities(hashtags: number[], mentions: number[]): void {
    addUnique(this.tagIds, this.tagStart, hashtags);
    addUnique(this.mentionIds, this.mentionStart, mentions);
  }

  build(): MessageSet {
    const lists = (start: IntList, ids: IntList): Lists => ({ start: start.toArray(), ids: ids.toArray() });
    return {
      n: this.n,
      messageIds: this.messageIds,
      users: this.users,
      usernames: this.usernames,
      user: this.user.toArray(),
      time: this.time.slice(0, this.n),
      repost: this.repost.toArray(),
      repostKeys: this.repostKeys,
      reply: this.reply.toArray(),
      replyKeys: this.replyKeys,
      sound: this.sound.toArray(),
      soundKeys: this.soundKeys,
      text: this.text,
      links: lists(this.linkStart, this.linkIds),
      linkKeys: this.linkKeys,
      hashtags: this.withEntities ? lists(this.tagStart, this.tagIds) : null,
      hashtagKeys: this.hashtagKeys,
      mentions: this.withEntities ? lists(this.mentionStart, this.mentionIds) : null,
      mentionKeys: this.mentionKeys,
    };
  }
}

function addUnique(ids: IntList, start: IntList, add: number[]) {
  const from = ids.length;
  for (const id of add) {
    if (id < 0) continue;
    let dup = false;
    for (let j = from; j < ids.length; j++) if (ids.data[j] === id) dup = true;
    if (!dup) ids.push(id);
  }
  start.push(ids.length);
}

/** One message as the monitor (or a test) gives it. */
export interface MessageInput {
  id: string;
  userId: string;
  username?: string | null;
  /** Unix seconds, or a Date. */
  time: number | Date;
  repostOf?: string | null;
  replyTo?: string | null;
  text?: string | null;
  urls?: readonly string[] | null;
  /** Hashtags as written or already folded; when null, taken from the text. */
  hashtags?: readonly string[] | null;
  /** Mentioned accounts; when null, taken from the text. */
  mentions?: readonly string[] | null;
  soundId?: string | null;
}

/** A MessageSet from plain objects (monitor posts, tests). Duplicate ids are kept once (the first). */
export function messageSetFrom(items: Iterable<MessageInput>): MessageSet {
  const b = new MessageSetBuilder({ withEntities: true });
  const seen = new Set<string>();
  for (const m of items) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    const t = m.time instanceof Date ? m.time.getTime() / 1000 : m.time;
    if (!Number.isFinite(t)) throw new RangeError(`message ${m.id} has no valid time`);
    const text = m.text ?? '';
    b.begin(
      m.id,
      b.userId(m.userId, m.username ?? ''),
      t,
      m.repostOf ? b.repostKeys.id(m.repostOf) : -1,
      m.replyTo ? b.replyKeys.id(m.replyTo) : -1,
      m.soundId ? b.soundKeys.id(m.soundId) : -1,
    );
    b.text.push(text);
    const needTags = !m.hashtags;
    const needMentions = !m.mentions;
    const found =
      needTags || needMentions
        ? extractEntities(text, { hashtags: needTags, mentions: needMentions, links: false })
        : null;
    b.endLinks((m.urls ?? []).map((u) => b.linkId(u)));
    const tags = (m.hashtags ?? found!.hashtags).map((h) => tagKey(h.replace(/^[#＃]+/, ''))).filter(Boolean);
    const mentions = (m.mentions ?? found!.mentions).map((x) => x.replace(/^@/, '').toLowerCase()).filter(Boolean);
    b.endEntities(
      tags.map((h) => b.hashtagKeys.id(h)),
      mentions.map((x) => b.mentionKeys.id(x)),
    );
  }
  return b.build();
}

/**
 * Hashtags and mentions of every message, taken from the texts with the monitor's own extraction
 * when the set was read from a file that has no columns for them (done once, on first need).
 */
export function entities(set: MessageSet): { hashtags: Lists; mentions: Lists } {
  if (set.hashtags && set.mentions) return { hashtags: set.hashtags, mentions: set.mentions };
  const tagStart = new Int32Array(set.n + 1);
  const mentionStart = new Int32Array(set.n + 1);
  const tagIds = new IntList();
  const mentionIds = new IntList();
  for (let i = 0; i < set.n; i++) {
    const text = set.text.get(i);
    if (text.includes('#') || text.includes('＃') || text.includes('@')) {
      const e = extractEntities(text, { hashtags: true, mentions: true, links: false });
      for (const h of e.hashtags) {
        const k = tagKey(h);
        if (k) tagIds.push(set.hashtagKeys.id(k));
      }
      for (const m of e.mentions) mentionIds.push(set.mentionKeys.id(m));
    }
    tagStart[i + 1] = tagIds.length;
    mentionStart[i + 1] = mentionIds.length;
  }
  set.hashtags = { start: tagStart, ids: tagIds.toArray() };
  set.mentions = { start: mentionStart, ids: mentionIds.toArray() };
  return { hashtags: set.hashtags, mentions: set.mentions };
}
