// Which values a message takes, and how: plain text, a select choice or a (cardinal or ordinal) count.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

export type ArgumentKind = 'plain' | 'select' | 'plural' | 'ordinal';

/** Argument names with their strongest use: a count or a choice matters more than a plain mention. */
export function messageArguments(source: string): Map<string, ArgumentKind> {
  const out = new Map<string, ArgumentKind>();
  const rank: Record<ArgumentKind, number> = { plain: 0, select: 1, ordinal: 2, plural: 3 };
  const note = (name: string, kind: ArgumentKind) => {
    const had = out.get(name);
    if (!had || rank[kind] > rank[had]) out.set(name, kind);
  };
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      if (el.type === TYPE.tag) {
        walk(el.children);
        continue;
      }
      note(
        el.value,
        el.type === TYPE.plural
          ? el.pluralType === 'ordinal'
            ? 'ordinal'
            : 'plural'
          : el.type === TYPE.select
            ? 'select'
            : 'plain',
      );
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) walk(o.value);
    }
  };
  walk(parse(source));
  return out;
}
