// What the bias page says of a trained model: which word it prefers in the role's template, and
// how far the share of its corpus's own pronoun there goes beyond its share in the control
// template. Only that part is about the role: a tiny model picks up mostly its corpus's overall
// lean (its pronoun first in the control too), or not even that after few steps. Not the charts
// (main.ts). Tests: tests/demos/bias-verdict.test.ts, tests/browser/bias.test.ts.

/** One template's shares of one model: each word's share among the template's words. */
export interface TemplateShares {
  title: string;
  shares: ReadonlyMap<string, number>;
}

export interface Verdict {
  text: string;
  /** The word the model prefers in the role's template. */
  prefers: string;
  /** The word it prefers in the control (none without one). */
  controlPrefers?: string;
}

/** The word with the largest share (the first listed of equals). */
function preferred(t: TemplateShares): string {
  let best = '';
  let most = -1;
  for (const [word, share] of t.shares) {
    if (share > most) [best, most] = [word, share];
  }
  return best;
}

/**
 * The verdict on model `name`, trained where `role` is `pronoun` `skew` % of the time: `first` is
 * the role's template, `control` the same sentence of another role. Shares are compared in whole
 * percent, as the chart prints them.
 */
export function verdictOf(o: { name: string; role: string; pronoun: string; skew: number; first: TemplateShares; control?: TemplateShares }): Verdict {
  const { name, role, pronoun, first, control } = o;
  const whole = (share: number) => Math.round(100 * share);
  const prefers = preferred(first);
  const controlPrefers = control && preferred(control);
  const fills = `Model ${name}, trained where the ${role} is “${pronoun}” ${o.skew} times in 100, fills “${first.title}” with “${prefers}” (${whole(first.shares.get(prefers)!)} %)`;
  // The corpus's pronoun, not the word preferred: a model that prefers the other one leans against its data.
  const there = first.shares.get(pronoun);
  const inControl = control?.shares.get(pronoun);
  const against = there !== undefined && prefers !== pronoun ? `, not its corpus's “${pronoun}” (${whole(there)} %)` : '';
  if (there === undefined || inControl === undefined) return { text: `${fills}${against}.`, prefers, ...(controlPrefers ? { controlPrefers } : {}) };
  const compared = `; the control, “${control!.title}”, with “${pronoun}” ${whole(inControl)} %. ${beyondControl(whole(there) - whole(inControl), `${role}s`, pronoun, controlPrefers === pronoun)}`;
  return { text: fills + against + compared, prefers, controlPrefers };
}

/** What `points` of lean towards `pronoun` beyond the control say about `roles`. */
function beyondControl(points: number, roles: string, pronoun: string, learnedOverall: boolean): string {
  const notYet = learnedOverall ? '' : ` Nor has it picked up its corpus's overall lean: “${pronoun}” is not its first choice in the control either (more steps may teach it).`;
  if (points >= 5) return `That is ${points} points more than the control: a lean about ${roles}, beyond the corpus's overall one.${notYet}`;
  if (points <= -5) return `That is ${-points} points less than the control: no lean about ${roles}${learnedOverall ? ", only the corpus's overall one." : '.'}${notYet}`;
  return `That is within 5 points of the control: no lean about ${roles} beyond the corpus's overall one.${notYet}`;
}
