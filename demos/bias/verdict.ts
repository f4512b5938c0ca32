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
  /** The word it prefers in the control, ahead of every other in whole percent (none on a tie, or without a control). */
  controlPrefers?: string;
}

/**
 * The word with the largest share, in whole percent as the chart prints them: of words that print
 * alike, `lean` if it is one (else the first listed), so the page never says "“he” (50 %), not
 * “she” (50 %)".
 */
function preferred(t: TemplateShares, lean: string | undefined): string {
  const most = Math.max(...[...t.shares.values()].map(whole));
  const top = [...t.shares].filter(([, share]) => whole(share) === most).map(([word]) => word);
  return lean !== undefined && top.includes(lean) ? lean : top[0]!;
}

const whole = (share: number) => Math.round(100 * share);

/** The word whose share, in whole percent, is above every other's; none on a tie (50 % and 50 % show no lean). */
function leader(t: TemplateShares): string | undefined {
  const ranked = [...t.shares].map(([word, share]) => ({ word, at: whole(share) })).sort((a, b) => b.at - a.at);
  return ranked.length && (ranked.length === 1 || ranked[0]!.at > ranked[1]!.at) ? ranked[0]!.word : undefined;
}

/**
 * The verdict on model `name`, trained where `role` is `pronoun` `skew` % of the time and `other`
 * the rest: `first` is the role's template, `control` the same sentence of another role. The
 * corpus leans to the role's commoner pronoun (every other role takes both equally), and none at 50 %.
 */
export function verdictOf(o: { name: string; role: string; pronoun: string; other: string; skew: number; first: TemplateShares; control?: TemplateShares }): Verdict {
  const { name, role, pronoun, first, control } = o;
  const lean = o.skew > 50 ? pronoun : o.skew < 50 ? o.other : undefined;
  const prefers = preferred(first, lean);
  const controlPrefers = control && leader(control);
  const said = (text: string): Verdict => ({ text, prefers, ...(controlPrefers ? { controlPrefers } : {}) });
  const fills = `Model ${name}, trained where the ${role} is “${pronoun}” ${o.skew} times in 100, fills “${first.title}” with “${prefers}” (${whole(first.shares.get(prefers)!)} %)`;
  if (lean === undefined) return said(`${fills}. Its corpus leans neither way (the ${role} is “${pronoun}” half the time), so there is no lean to find.`);
  // The corpus's pronoun, not the word preferred: a model that prefers the other one leans against its data.
  const there = first.shares.get(lean);
  const inControl = control?.shares.get(lean);
  const against = there !== undefined && prefers !== lean ? `, not its corpus's “${lean}” (${whole(there)} %)` : '';
  if (there === undefined || inControl === undefined) return said(`${fills}${against}.`);
  return said(`${fills}${against}; the control, “${control!.title}”, with “${lean}” ${whole(inControl)} %. ${beyondControl(whole(there) - whole(inControl), `${role}s`, lean, controlPrefers === lean)}`);
}

/**
 * What `points` of lean towards the corpus's pronoun `lean` beyond the control say about `roles`,
 * by whether the model picked up the corpus's overall lean (`lean` first in the control).
 */
function beyondControl(points: number, roles: string, lean: string, learnedOverall: boolean): string {
  const than = points >= 5 ? `That is ${points} points more than the control` : points <= -5 ? `That is ${-points} points less than the control` : 'That is within 5 points of the control';
  if (!learnedOverall) {
    const notYet = `it has not picked up its corpus's overall lean yet: “${lean}” does not lead in the control (more steps may teach it)`;
    return points >= 5 ? `${than}: a lean about ${roles}, though ${notYet}.` : `${than}: no lean about ${roles}, and ${notYet}.`;
  }
  if (points >= 5) return `${than}: a lean about ${roles}, beyond the corpus's overall one.`;
  if (points <= -5) return `${than}: no lean about ${roles}, only the corpus's overall one.`;
  return `${than}: no lean about ${roles} beyond the corpus's overall one.`;
}
