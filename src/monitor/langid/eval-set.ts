// The labelled evaluation set for language identification: every hand-written sentence of
// sentences.tsv in four shapes real posts take (plain; with the campaign's trilingual hashtags,
// which are in other languages than the text; with a mention, a link and emoji; shouted in capitals
// with a short hashtag). Deterministic, so reported accuracy can be reproduced.
import { readFileSync } from 'node:fs';
import type { Lang } from '../language.ts';

export interface EvalItem {
  label: Lang;
  text: string;
  base: string;
}

const TAG_SETS = [
  '#ЗаңдыӨзгерт #МеняйЗакон #ChangeTheLaw',
  '#НеМолчи #NeMolchiKZ',
  '#OrtashaEmes #НеСреднейТяжести',
  '#ForSaltanat #ЗаСалтанат',
  '#ЗаконСалтанат',
  '#МужчиныПротивНасилия #ЕрлерЗорлыққаҚарсы',
];
const EMOJI = ['💔', '✊', '🙏', '🔥', '❤️', '😡', '🕯️'];
const MENTIONS = ['@nemolchi.kz', '@feminita_kz', '@erkindik_qanaty', '@dauys_org'];

export function loadSentences(): Array<{ label: Lang; text: string }> {
  const file = new URL('./sentences.tsv', import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [label, text] = l.split('\t');
      return { label: label as Lang, text };
    });
}

export function buildEvalSet(): EvalItem[] {
  const out: EvalItem[] = [];
  loadSentences().forEach(({ label, text }, i) => {
    out.push({ label, text, base: text });
    if (label === 'und') return;
    out.push({ label, text: `${text} ${TAG_SETS[i % TAG_SETS.length]}`, base: text });
    out.push({
      label,
      text: `${MENTIONS[i % MENTIONS.length]} ${text} ${EMOJI[i % EMOJI.length]} https://example.org/p/${i}`,
      base: text,
    });
    out.push({
      label,
      text: `${text.toUpperCase()}!!! ${TAG_SETS[(i + 3) % TAG_SETS.length].split(' ')[0]}`,
      base: text,
    });
  });
  return out;
}
