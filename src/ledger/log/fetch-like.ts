// The part of WHATWG fetch the log's clients use, so callers can pass global fetch, a test double
// or a directory reader (store.ts) alike.
export type FetchLike = (
  url: string,
  init?: { method?: string; body?: string; headers?: Record<string, string> },
) => Promise<{ status: number; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> }>;
