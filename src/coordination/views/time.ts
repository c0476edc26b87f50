// Coordination happens within seconds, so its pages show times to the second, in UTC, the same in
// every language (2024-04-02 05:00:07 UTC).
export const utcSeconds = (unixSeconds: number): string =>
  new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
