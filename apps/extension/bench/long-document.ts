/** A deterministic ~N-word document of plain prose with a sprinkling of misspellings (bench input). */
const WORDS = (
  'the a of and to in is was for on that with as it by at from this be are or an have not but they his her ' +
  'team report project meeting customer product market service system data process result change plan ' +
  'quickly carefully often never always usually clearly simply really mostly ' +
  'write read send check review improve build deliver measure share discuss prepare schedule ' +
  'new good important useful simple clear small large early final recent public local'
).split(' ');
const MISSPELLED = [
  'teh',
  'recieved',
  'pakage',
  'wrold',
  'becuase',
  'definately',
  'seperate',
  'untill',
  'wich',
  'occured',
];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function longDocument(words: number, seed = 42): string {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const paragraphs: string[] = [];
  let count = 0;
  while (count < words) {
    const sentences: string[] = [];
    for (let s = 0; s < 5 && count < words; s++) {
      const len = 8 + Math.floor(rand() * 12);
      const ws: string[] = [];
      for (let i = 0; i < len; i++) ws.push(rand() < 0.02 ? pick(MISSPELLED) : pick(WORDS));
      const first = ws[0] as string;
      ws[0] = first.charAt(0).toUpperCase() + first.slice(1);
      sentences.push(`${ws.join(' ')}.`);
      count += len;
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}
