// Monitor posts with a planted ring: five accounts posting the same pair of hashtags within seconds,
// eight times, among 40 ordinary accounts posting the campaign's hashtag at any time of the day.
import { envelope, xItem } from './monitor.ts';

export const RING = ['9001', '9002', '9003', '9004', '9005'];
const T0 = Date.parse('2024-04-01T06:00:00Z');

export function ringPosts(): unknown[] {
  const items: unknown[] = [];
  let id = 1;
  let seed = 7;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const item = (user: string, at: number, tags: string[]) =>
    envelope(
      'x.com',
      xItem({
        id: String(1_800_000_000_000_000_000n + BigInt(id++)),
        at: new Date(at).toISOString(),
        text: `Заңды өзгертейік ${tags.map((t) => '#' + t).join(' ')}`,
        tags,
        user,
      }),
    );
  for (let k = 0; k < 8; k++)
    RING.forEach((u, i) => items.push(item(u, T0 + k * 3 * 3600_000 + i * 7_000, ['ЗаңдыӨзгерт', `Акция${k}`])));
  // Ordinary accounts: the campaign's hashtag with one of a few others, at any time over the day.
  for (let u = 0; u < 40; u++)
    for (let k = 0; k < 4; k++)
      items.push(item(String(100 + u), T0 + Math.floor(rand() * 24 * 3600_000), ['ЗаңдыӨзгерт', `Тақырып${u % 5}`]));
  return items;
}
