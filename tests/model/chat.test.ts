// model.chat() on a real model (TinyStories-656K) given a chat template: the rendered prompt runs
// exactly as generate() would run the same text, no second BOS is added, and a model without a
// template or bad messages give their specific errors.

import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { ChatMessagesError, ChatTemplateError, NoChatTemplateError, PromptTooLongError } from '../../src/errors.js';
import type { Model } from '../../src/model/model.js';
import { dataPath } from '../support/data.js';

// A story model has no chat format of its own: this template turns the conversation into the
// story opening it was trained on (BOS, then the user's words), so chat and generate must agree.
const TEMPLATE = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}{{ m['content'] }}{% endif %}{% endfor %}";

const engine = await createEngine();
const folders: string[] = [];

/** TinyStories-656K with `template` as its chat_template.jinja. */
async function loadWithTemplate(template: string): Promise<Model> {
  const folder = mkdtempSync(join(tmpdir(), 'shaderlm-chat-'));
  folders.push(folder);
  cpSync(dataPath('tinystories656K'), folder, { recursive: true });
  writeFileSync(join(folder, 'chat_template.jinja'), template);
  return engine.load(folder, { maxSeqLen: 64 });
}
/** What each of `model`'s decodes starts from, as they come: the prompt, then after a shift the kept tokens and the recent ones. */
function decodeInputs(model: Model): number[][] {
  const transformer = (model as unknown as { transformer: { decode: (ids: number[], ...rest: unknown[]) => unknown } }).transformer;
  const decode = transformer.decode.bind(transformer);
  const inputs: number[][] = [];
  transformer.decode = (ids, ...rest) => (inputs.push([...ids]), decode(ids, ...rest));
  return inputs;
}

let withTemplate: Model;
let without: Model;

beforeAll(async () => {
  withTemplate = await loadWithTemplate(TEMPLATE);
  without = await engine.load(dataPath('tinystories656K'), { maxSeqLen: 64 });
});
afterAll(() => {
  withTemplate?.dispose();
  without?.dispose();
  engine.destroy();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('model.chat', () => {
  it('renders the template and generates as generate() does on the same text', async () => {
    const o = { temperature: 0, maxTokens: 10 };
    const reply = await withTemplate.chat([{ role: 'system', content: 'ignored' }, { role: 'user', content: 'Once upon a time' }], o).text();
    const plain = await withTemplate.generate('Once upon a time', o).text();
    expect(reply).toBe(plain);
    expect(withTemplate.info().chat).toBe(true);
  });

  it('continueFinalMessage goes on with a begun reply, as generate() on the text up to it', async () => {
    const lines = await loadWithTemplate("{{ bos_token }}{% for m in messages %}{{ m['content'] }}\n{% endfor %}");
    const begun = [{ role: 'user', content: 'Once upon a time' }, { role: 'assistant', content: 'there was a' }];
    const o = { temperature: 0, maxTokens: 6 };
    const run = lines.chat(begun, { ...o, continueFinalMessage: true });
    const opened = '<|start_story|>Once upon a time\nthere was a'; // the render, cut before the last newline
    expect(await run.text()).toBe(await lines.generate(opened, { ...o, bos: false }).text());
    expect((await run.stats).promptTokens).toBe(lines.tokenize(opened, { bos: false }).length);
    const closed = lines.chat(begun, { ...o, addGenerationPrompt: false });
    expect((await closed.stats).promptTokens).toBe(lines.tokenize(`${opened}\n`, { bos: false }).length);
    await expect(lines.chat(begun, { continueFinalMessage: true, addGenerationPrompt: true }).text()).rejects.toThrow(/cannot both be true/);
    await expect(lines.chat(begun, { continueFinalMessage: 'yes' as unknown as boolean }).text()).rejects.toThrow(/^continueFinalMessage must be true or false, got "yes"$/);
    lines.dispose();
  });

  // A template's own end of turn, which neither EOS nor the known end texts name: here BOS, which generate() runs past.
  it("a reply ends at the special token the template writes after an assistant's message; generate() and a template writing text there go on", async () => {
    const turns = await loadWithTemplate("{{ bos_token }}{% for m in messages %}{{ m['content'] }}{% if m['role'] == 'assistant' %}{{ bos_token }}{% endif %}{% endfor %}");
    const bos = turns.tokenizer.bosId!;
    const forced = { temperature: 0, maxTokens: 3, logitBias: { [bos]: 100 } }; // every draw BOS
    const chat = [{ role: 'user', content: 'Once upon a time' }];
    const reply = turns.chat(chat, forced);
    expect([await reply.text(), (await reply.stats).stopReason, (await reply.stats).generatedTokens]).toEqual(['', 'eos', 0]); // an end token is not counted
    const plain = await turns.generate('Once upon a time', forced).stats;
    expect([plain.stopReason, plain.generatedTokens]).toEqual(['maxTokens', 3]);
    const lines = await loadWithTemplate("{{ bos_token }}{% for m in messages %}{{ m['content'] }}\n{% endfor %}");
    const untold = await lines.chat(chat, forced).stats;
    expect([untold.stopReason, untold.generatedTokens]).toEqual(['maxTokens', 3]);
    turns.dispose();
    lines.dispose();
  });

  it('adds no second BOS: the template carries it, and bos: true adds one only where it does not', async () => {
    const chat = withTemplate.chat([{ role: 'user', content: 'Once' }], { temperature: 0, maxTokens: 1 });
    const rendered = withTemplate.tokenize('<|start_story|>Once', { bos: false });
    const bos = withTemplate.tokenizer.bosId;
    expect(rendered[0]).toBe(bos);
    expect(rendered[1]).not.toBe(bos);
    expect((await chat.stats).promptTokens).toBe(rendered.length);
    // Forwarding an unset option must not bring the tokenizer's BOS back.
    const forwarded = withTemplate.chat([{ role: 'user', content: 'Once' }], { temperature: 0, maxTokens: 1, bos: undefined });
    expect((await forwarded.stats).promptTokens).toBe(rendered.length);
    // bos: true on a template that wrote BOS adds none (llama.cpp would warn of two); on one that did not, it does.
    const asked = withTemplate.chat([{ role: 'user', content: 'Once' }], { temperature: 0, maxTokens: 1, bos: true });
    expect((await asked.stats).promptTokens).toBe(rendered.length);
    const bare = await loadWithTemplate("{% for m in messages %}{{ m['content'] }}{% endfor %}");
    try {
      const once = bare.tokenize('Once', { bos: false });
      expect(once[0]).not.toBe(bos);
      expect(bare.applyChatTemplate([{ role: 'user', content: 'Once' }], { bos: true }).ids).toEqual([bos, ...once]);
      expect(bare.applyChatTemplate([{ role: 'user', content: 'Once' }]).ids).toEqual(once);
    } finally {
      bare.dispose();
    }
  });

  it('a template that renders nothing for the messages says so', async () => {
    const userOnly = await loadWithTemplate("{% for m in messages %}{% if m['role'] == 'user' %}{{ bos_token }}{{ m['content'] }}{% endif %}{% endfor %}");
    try {
      await expect(userOnly.chat([{ role: 'assistant', content: 'Hello' }]).text())
        .rejects.toThrow(new ChatTemplateError('chat_template.jinja', 'render', 'it rendered nothing for these messages'));
    } finally {
      userOnly.dispose();
    }
  });

  it('a reply that outgrows the context keeps the system turn through the shift, not only BOS', async () => {
    const both = await loadWithTemplate("{{ bos_token }}{% for m in messages %}{{ m['content'] }}{% endfor %}");
    try {
      const inputs = decodeInputs(both);
      const system = 'Tom had a red ball.';
      const user = ' One day, Tom and his friend Sue went to the park to play. They ran and jumped and laughed all day long. Then';
      const run = both.chat([{ role: 'system', content: system }, { role: 'user', content: user }], { temperature: 0, maxTokens: 60, ignoreEos: true });
      const stats = await run.stats;
      expect(stats.contextShifts, JSON.stringify(stats)).toBeGreaterThan(0);
      // BOS and the system turn as the template renders them, up to where the prompt's tokens part from them (a merge across the boundary).
      const systemIds = both.tokenize(`<|start_story|>${system}`, { bos: false });
      const promptIds = both.tokenize(`<|start_story|>${system}${user}`, { bos: false });
      let kept = 0;
      while (systemIds[kept] !== undefined && systemIds[kept] === promptIds[kept]) kept++;
      expect(kept).toBeGreaterThanOrEqual(systemIds.length - 1);
      expect(kept).toBeLessThanOrEqual(16); // a quarter of the 64-token context, so it is kept
      const restart = inputs[1]!;
      expect(restart.slice(0, kept)).toEqual(promptIds.slice(0, kept));
      expect(restart).toHaveLength(32); // half the context
    } finally {
      both.dispose();
    }
  });

  // A system turn past a quarter of the context would leave the restart little room for the
  // conversation: BOS alone is kept. No test had one, so keeping it anyway passed unseen.
  it('a system turn longer than a quarter of the context is not kept through the shift: BOS and the most recent tokens are', async () => {
    const both = await loadWithTemplate("{{ bos_token }}{% for m in messages %}{{ m['content'] }}{% endfor %}");
    try {
      const inputs = decodeInputs(both);
      const system = 'Tom had a red ball. He liked to play with it in the big park with his brown dog every single day after school.';
      const user = ' One day, Tom and Sue went to the park. Then';
      const systemIds = both.tokenize(`<|start_story|>${system}`, { bos: false });
      expect(systemIds.length).toBeGreaterThan(16); // past a quarter of the 64-token context
      expect(systemIds.length).toBeLessThan(32); // but within the half a restart holds
      const run = both.chat([{ role: 'system', content: system }, { role: 'user', content: user }], { temperature: 0, maxTokens: 60, ignoreEos: true });
      const generated: number[] = [];
      for await (const piece of run) if (piece.id !== undefined) generated.push(piece.id);
      expect((await run.stats).contextShifts).toBeGreaterThan(0);
      const full = [...both.tokenize(`<|start_story|>${system}${user}`, { bos: false }), ...generated];
      const restart = inputs[1]!;
      expect(restart).toHaveLength(32);
      expect(restart[0]).toBe(both.tokenizer.bosId);
      const recent = restart.slice(1); // the 31 tokens the run had just read, in a row
      const at = full.findIndex((_, i) => recent.every((id, j) => full[i + j] === id));
      expect(at, JSON.stringify({ restart, full })).toBeGreaterThan(0);
    } finally {
      both.dispose();
    }
  });

  // apply_chat_template's keyword arguments (tools, documents, date_string) had no way in.
  it('templateVariables reach the template, in chat() and applyChatTemplate, and the names chat() sets are refused', async () => {
    const tooled = await loadWithTemplate("{{ bos_token }}{{ date_string }}:{% for t in tools %}{{ t.name }};{% endfor %}{% for m in messages %}{{ m['content'] }}{% endfor %}");
    try {
      const messages = [{ role: 'user', content: 'Once' }];
      const templateVariables = { date_string: '26 Jul 2024', tools: [{ name: 'clock' }, { name: 'weather' }] };
      const prompt = tooled.applyChatTemplate(messages, { templateVariables });
      expect(prompt.text).toBe('<|start_story|>26 Jul 2024:clock;weather;Once');
      expect((await tooled.chat(messages, { templateVariables, temperature: 0, maxTokens: 1 }).stats).promptTokens).toBe(prompt.ids.length);
      await expect(tooled.chat(messages, { templateVariables: { messages: [] }, maxTokens: 1 }).text()).rejects.toThrow('templateVariables.messages is set by chat() itself: give it as the messages');
      expect(() => tooled.applyChatTemplate(messages, { templateVariables: { add_generation_prompt: true } })).toThrow('templateVariables.add_generation_prompt is set by chat() itself: give it as addGenerationPrompt');
      expect(() => tooled.applyChatTemplate(messages, { templateVariables: [] as unknown as Record<string, unknown> })).toThrow(/^templateVariables must be an object .*, got an array$/);
    } finally {
      tooled.dispose();
    }
  });

  it('applyChatTemplate gives the prompt chat() runs, and whether it fits, without running anything', async () => {
    const messages = [{ role: 'user', content: 'Once upon a time' }];
    const running = withTemplate.generate('Tom', { temperature: 0, maxTokens: 4 });
    const prompt = withTemplate.applyChatTemplate(messages);
    expect(prompt.text).toBe('<|start_story|>Once upon a time');
    expect(prompt.ids).toEqual(withTemplate.tokenize(prompt.text, { bos: false }));
    expect(prompt.fits).toBe(true);
    expect((await running.stats).stopReason).toBe('maxTokens'); // not superseded: nothing ran
    expect((await withTemplate.chat(messages, { maxTokens: 1 }).stats).promptTokens).toBe(prompt.ids.length);
    expect(withTemplate.applyChatTemplate(messages, { bos: true }).ids).toEqual(prompt.ids); // the template wrote BOS: no second one

    // At the edge of the 64-token context: fits says what chat() then does.
    let words = 1;
    const longer = () => [{ role: 'user', content: ' Tom'.repeat(words) }];
    while (withTemplate.applyChatTemplate(longer()).ids.length < 63) words++;
    const edge = withTemplate.applyChatTemplate(longer());
    expect(edge.ids).toHaveLength(63);
    expect(edge.fits).toBe(true);
    expect((await withTemplate.chat(longer(), { maxTokens: 1 }).stats).promptTokens).toBe(63);
    words++;
    const over = withTemplate.applyChatTemplate(longer());
    expect(over.ids).toHaveLength(64);
    expect(over.fits).toBe(false);
    await expect(withTemplate.chat(longer(), { maxTokens: 1 }).text()).rejects.toThrow(PromptTooLongError);
    // Past the model's own context a larger one is no way out: not offered.
    expect(new PromptTooLongError(600, 64, 512).message).toBe("the prompt is 600 tokens, but the context holds 64: shorten it (the model's own context is 512)");
    // 64 of 64: no room for a reply token (not "64 tokens, but the context holds 64"), and the model's own 512 is the way out.
    await expect(withTemplate.chat(longer(), { maxTokens: 1 }).text()).rejects.toThrow(
      'the prompt is 64 tokens, as many as the context holds, which leaves no room for a token to be generated: shorten it, or load the model with a larger LoadOptions.maxSeqLen (up to its context, 512)',
    );

    expect(() => withTemplate.applyChatTemplate(messages, { signal: AbortSignal.abort() } as never)).toThrow(/^unknown applyChatTemplate option "signal"/);
    expect(() => withTemplate.applyChatTemplate(messages, { bos: 'no' as never })).toThrow(/^bos must be true or false/);
    expect(() => without.applyChatTemplate(messages)).toThrow(NoChatTemplateError);
  });

  it('a model without a template says so', async () => {
    expect(without.info().chat).toBe(false);
    await expect(without.chat([{ role: 'user', content: 'hi' }]).text()).rejects.toThrow(NoChatTemplateError);
    await expect(without.chat([{ role: 'user', content: 'hi' }]).text()).rejects.toThrow(/no chat_template: use generate\(\) with a plain prompt/);
  });

  it('bad messages are a specific error', async () => {
    await expect(withTemplate.chat([{ role: 'user' }] as never).text()).rejects.toThrow(ChatMessagesError);
    await expect(withTemplate.chat('hello' as never).text()).rejects.toThrow(/messages must be an array/);
  });
});

describe('a prompt far past the context', () => {
  it('is refused by a bound on its tokens before it is encoded: generate(), chat() and inspect()', async () => {
    const far = 'Once upon a time, there was a dog. '.repeat(2000); // 70,000 characters: TinyStories-656K took ~1 s to encode them
    const fewest = without.tokenizer.fewestTokens!(far);
    expect(fewest).toBeGreaterThan(512); // past the model's own context too, so no larger maxSeqLen is offered
    const encodes = [vi.spyOn(without.tokenizer, 'encode'), vi.spyOn(withTemplate.tokenizer, 'encode')];
    try {
      const refusal = `the prompt is at least ${fewest} tokens, but the context holds 64: shorten it (the model's own context is 512)`;
      const refused = await without.generate(far, { maxTokens: 1 }).text().catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PromptTooLongError);
      expect(refused).toMatchObject({ message: refusal, tokens: fewest, context: 64, atLeast: true });
      await expect(withTemplate.chat([{ role: 'user', content: far }], { maxTokens: 1 }).text()).rejects.toThrow(PromptTooLongError);
      await expect(without.inspect(far)).rejects.toThrow(`the input is at least ${fewest} tokens, but the context holds 64: shorten it (the model's own context is 512)`);
      const middling = far.slice(0, 10_000); // a bound between this context and the model's: a larger context is a maybe
      const some = without.tokenizer.fewestTokens!(middling);
      await expect(without.inspect(middling)).rejects.toThrow(`the input is at least ${some} tokens, but the context holds 64: shorten it, or load the model with a larger maxSeqLen (its context is 512), if the input fits there`);
      for (const encode of encodes) expect(encode).not.toHaveBeenCalled();
      // Under the model's own context the bound may still be short of the count: a larger one is offered as a maybe.
      // At the context itself (review U: "at least 64 tokens, but the context holds 64" read as if it fit), as for a count.
      expect(new PromptTooLongError(64, 64, 512, true).message).toBe('the prompt is at least 64 tokens, as many as the context holds, which leaves no room for a token to be generated: shorten it, or load the model with a larger LoadOptions.maxSeqLen (its context is 512), if the prompt fits there');
      expect(new PromptTooLongError(65, 64, 512, true).message).toBe('the prompt is at least 65 tokens, but the context holds 64: shorten it, or load the model with a larger LoadOptions.maxSeqLen (its context is 512), if the prompt fits there');
      // Under the bound it is encoded and counted, as before.
      await expect(without.generate(far.slice(0, 400), { maxTokens: 1 }).text()).rejects.toThrow(/^the prompt is \d+ tokens, but the context holds 64/);
      expect(encodes[0]).toHaveBeenCalled();
    } finally {
      for (const encode of encodes) encode.mockRestore();
    }
  });
});
