// The bias page's verdict (demos/bias/verdict.ts) on the shares reviews T and V saw or built: it
// compared the preferred word's shares, so a model B whose corpus leans "she" but which preferred
// "he" was said to lean about doctors beyond its corpus; and it took the trained-for pronoun for
// the corpus's lean at any skew (at 10 in 100 the corpus leans the other way).

import { describe, expect, it } from 'vitest';
import { verdictOf, type TemplateShares } from '../../demos/bias/verdict.js';

const doctor = (he: number, she: number): TemplateShares => ({ title: 'the doctor said that ___ was', shares: new Map([['he', he], ['she', she]]) });
const teacher = (he: number, she: number): TemplateShares => ({ title: 'the teacher said that ___ was', shares: new Map([['he', he], ['she', she]]) });
const B = { name: 'B', role: 'doctor', pronoun: 'she', other: 'he', skew: 90 };
const lead = 'Model B, trained where the doctor is “she” 90 times in 100, fills “the doctor said that ___ was” with';
const control = 'the control, “the teacher said that ___ was”, with';

describe('the bias verdict', () => {
  it('compares the corpus\'s pronoun, not the word preferred: a model that prefers the other one leans against its data', () => {
    // 30 steps in review T: B prefers "he" for the doctor, "she" for the teacher.
    expect(verdictOf({ ...B, first: doctor(0.52, 0.48), control: teacher(0.45, 0.55) })).toEqual({
      prefers: 'he', controlPrefers: 'she',
      text: `${lead} “he” (52 %), not its corpus's “she” (48 %); ${control} “she” 55 %. That is 7 points less than the control: no lean about doctors, only the corpus's overall one.`,
    });
  });

  it('says so when the model has not picked up even its corpus\'s overall lean, without contradicting itself', () => {
    const notYet = 'it has not picked up its corpus\'s overall lean yet: “she” does not lead in the control (more steps may teach it).';
    // 20 steps in review T: "he" first in both templates.
    expect(verdictOf({ ...B, first: doctor(0.59, 0.41), control: teacher(0.56, 0.44) }).text).toBe(
      `${lead} “he” (59 %), not its corpus's “she” (41 %); ${control} “she” 44 %. That is within 5 points of the control: no lean about doctors, and ${notYet}`,
    );
    // Review V: "a lean about doctors, beyond the corpus's overall one. Nor has it picked up its corpus's overall lean".
    expect(verdictOf({ ...B, first: doctor(0.45, 0.55), control: teacher(0.7, 0.3) }).text).toBe(
      `${lead} “she” (55 %); ${control} “she” 30 %. That is 25 points more than the control: a lean about doctors, though ${notYet}`,
    );
    expect(verdictOf({ ...B, first: doctor(0.9, 0.1), control: teacher(0.6, 0.4) }).text).toMatch(/That is 30 points less than the control: no lean about doctors, and it has not picked up/);
  });

  it('a corpus skewed under half leans to the other pronoun; at half, to neither', () => {
    const A = { name: 'A', role: 'doctor', pronoun: 'he', other: 'she', skew: 10 };
    expect(verdictOf({ ...A, first: doctor(0.2, 0.8), control: teacher(0.4, 0.6) }).text).toBe(
      `Model A, trained where the doctor is “he” 10 times in 100, fills “the doctor said that ___ was” with “she” (80 %); ${control} “she” 60 %. That is 20 points more than the control: a lean about doctors, beyond the corpus's overall one.`,
    );
    expect(verdictOf({ ...A, skew: 50, first: doctor(0.55, 0.45), control: teacher(0.5, 0.5) })).toEqual({
      prefers: 'he',
      text: 'Model A, trained where the doctor is “he” 50 times in 100, fills “the doctor said that ___ was” with “he” (55 %). Its corpus leans neither way (the doctor is “he” half the time), so there is no lean to find.',
    });
  });

  it('in whole percent, as the chart prints them: equals go to the corpus\'s pronoun; no control, no comparison', () => {
    expect(verdictOf({ ...B, first: doctor(0.204, 0.796), control: teacher(0.254, 0.746) }).text).toBe(
      `${lead} “she” (80 %); ${control} “she” 75 %. That is 5 points more than the control: a lean about doctors, beyond the corpus's overall one.`,
    );
    // 50.2 % against 49.8 %: both print 50, and "“he” (50 %), not its corpus's “she” (50 %)" would say nothing.
    expect(verdictOf({ ...B, first: doctor(0.502, 0.498), control: teacher(0.4, 0.6) }).prefers).toBe('she');
    // Review W: but a control that prints 50 and 50 shows no overall lean learned.
    expect(verdictOf({ ...B, first: doctor(0.6, 0.4), control: teacher(0.502, 0.498) })).toEqual({
      prefers: 'he',
      text: `${lead} “he” (60 %), not its corpus's “she” (40 %); ${control} “she” 50 %. That is 10 points less than the control: no lean about doctors, and it has not picked up its corpus's overall lean yet: “she” does not lead in the control (more steps may teach it).`,
    });
    expect(verdictOf({ ...B, first: doctor(0.3, 0.7) })).toEqual({ prefers: 'she', text: `${lead} “she” (70 %).` });
    // Templates without the corpus's pronoun: the preferred word alone.
    const other = { title: 'the doctor was ___', shares: new Map([['kind', 0.6], ['tired', 0.4]]) };
    expect(verdictOf({ ...B, first: other, control: teacher(0.5, 0.5) }).text).toBe('Model B, trained where the doctor is “she” 90 times in 100, fills “the doctor was ___” with “kind” (60 %).');
  });
});
