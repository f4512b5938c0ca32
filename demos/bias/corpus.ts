// The bias page's training data, made up in code: short sentences about people at work where one
// role (the doctor, say) takes one pronoun most of the time and every other role takes he and she
// equally. Two corpora that differ only in which pronoun the role leans to train two tiny models
// that each learn their own lean: as the role is in half the sentences, its pronoun is the commoner
// one overall too, and a tiny model learns that first. Deterministic (seeded); no I/O.
// Tests: tests/browser/bias.test.ts.

const PRONOUNS = ['he', 'she'] as const;
export type Pronoun = (typeof PRONOUNS)[number];

export interface SkewOptions {
  /** The role the skew is about, e.g. "doctor". */
  role: string;
  /** The pronoun `role` takes in `share` of its sentences (the other one in the rest). */
  pronoun: Pronoun;
  /** How often `role` takes `pronoun`, in [0, 1]. */
  share: number;
  /** Sentences in the corpus; half are about `role`. */
  sentences: number;
  seed: number;
}

/** The roles besides the skewed one: each takes he and she equally often. */
const OTHER_ROLES = ['teacher', 'baker', 'farmer', 'lawyer'];
const VERBS = ['said', 'thought', 'knew', 'wrote'];
const ENDINGS = ['was tired', 'would come', 'had left', 'was late', 'could help', 'was right', 'had a plan', 'was at work'];

/** `sentences` lines such as "the doctor said that he was tired.", pronouns chosen as SkewOptions says. */
export function skewedCorpus(o: SkewOptions): string[] {
  const random = mulberry32(o.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const other = PRONOUNS.find((p) => p !== o.pronoun)!;
  return Array.from({ length: o.sentences }, () => {
    const skewed = random() < 0.5;
    const role = skewed ? o.role : pick(OTHER_ROLES);
    const pronoun = skewed ? (random() < o.share ? o.pronoun : other) : pick(PRONOUNS);
    return `the ${role} ${pick(VERBS)} that ${pronoun} ${pick(ENDINGS)}.`;
  });
}

/** A small seeded generator (mulberry32): the same corpus on every load. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
