// Chat templates: six real templates (templates.json, byte-pinned by SHA-256) rendered by renderChat must
// equal Python jinja2 configured as transformers (expected.json, from render-expected.py) byte for byte;
// plus finding the template among a model's files, message validation, raise_exception and render errors.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findChatTemplate, renderChat, strftime, type ChatMessage } from '../../src/chat/index.js';
import { LONGEST_TEMPLATE_LIST, LONGEST_TEMPLATE_STRING, RANGE_BUDGET, textAfterReply } from '../../src/chat/template.js';
import { ChatMessagesError, ChatTemplateError, ChatTemplateRaisedError, NoChatTemplateError, TokenizerFormatError } from '../../src/errors.js';
import { readBytes } from '../tokenizer/data.js';

interface TemplateSpec {
  model: string;
  sha256: string;
  bos_token: string | null;
  eos_token: string | null;
  chat_template: string;
}
type Tokens = Record<string, string | null>;
interface Case {
  template: string;
  conversation: string;
  messages: ChatMessage[];
  add_generation_prompt: boolean;
  special_tokens: Tokens;
  extra: Record<string, unknown>;
  expected: string;
}
interface Synthetic {
  name: string;
  chat_template: string;
  messages: ChatMessage[];
  add_generation_prompt: boolean;
  special_tokens: Tokens;
  expected: string;
}
interface Expected {
  cases: Case[];
  synthetic: Synthetic[];
  strftime: { at: string; formats: Record<string, string>; weeks: { format: string; dates: Record<string, string> } };
}

const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T;
const templates = readJson<Record<string, TemplateSpec>>('./templates.json');
const expected = readJson<Expected>('./expected.json');

/** transformers' special_tokens_map holds only the tokens that are set. */
const setTokens = (tokens: Tokens): Record<string, string> =>
  Object.fromEntries(Object.entries(tokens).filter((entry): entry is [string, string] => entry[1] !== null));

const encoder = new TextEncoder();
const files = (entries: Record<string, string | object>): Map<string, Uint8Array> =>
  new Map(Object.entries(entries).map(([name, body]) => [name, encoder.encode(typeof body === 'string' ? body : JSON.stringify(body))]));

const CHAT: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Hi!' },
];

describe('real chat templates', () => {
  it.each(Object.entries(templates))('%s is the verbatim template (SHA-256 pinned)', (_, spec) => {
    expect(createHash('sha256').update(spec.chat_template, 'utf8').digest('hex')).toBe(spec.sha256);
  });

  it('cover every template, conversation and add_generation_prompt setting', () => {
    expect(new Set(expected.cases.map((c) => c.template))).toEqual(new Set(Object.keys(templates)));
    expect(expected.cases.length).toBe(Object.keys(templates).length * 6 * 2);
  });

  it.each(expected.cases.map((c) => [`${c.template} / ${c.conversation} / gen=${c.add_generation_prompt}`, c] as const))(
    'renders %s exactly as transformers',
    (_, c) => {
      const got = renderChat(templates[c.template]!.chat_template, c.messages, {
        addGenerationPrompt: c.add_generation_prompt,
        specialTokens: setTokens(c.special_tokens),
        extra: c.extra,
      });
      expect(got).toBe(c.expected);
    },
  );

  it.each(expected.synthetic.map((s) => [s.name, s] as const))('matches jinja2 on %s', (_, s) => {
    const got = renderChat(s.chat_template, s.messages, {
      addGenerationPrompt: s.add_generation_prompt,
      specialTokens: setTokens(s.special_tokens),
    });
    expect(got).toBe(s.expected);
  });

  it('defaults to add_generation_prompt = true and takes bos/eos from the options', () => {
    const llama3 = templates.llama3!.chat_template;
    const prompt = renderChat(llama3, CHAT, { bosToken: '<BOS>' });
    expect(prompt.startsWith('<BOS><|start_header_id|>system')).toBe(true);
    expect(prompt.endsWith('<|start_header_id|>assistant<|end_header_id|>\n\n')).toBe(true);
    const tiny = renderChat(templates.tinyllama!.chat_template, CHAT, { eosToken: '<E>', addGenerationPrompt: false });
    expect(tiny).toBe('<|system|>\nBe brief.<E>\n<|user|>\nHi!<E>\n');
  });
});

// The token each checkpoint's model card names as its end of turn, which chat() stops a reply at.
const escape = (text: string) => text.replace(/[|.\\]/g, '\\$&');
describe('textAfterReply: what a template writes right after an assistant message', () => {
  const ends: Record<string, [string, string]> = {
    smollm2: ['<|im_end|>', '<|im_start|>user\n'], llama3: ['<|eot_id|>', '<|start_header_id|>user<|end_header_id|>\n\n'],
    'llama3.1': ['<|eot_id|>', '<|start_header_id|>user<|end_header_id|>\n\n'], qwen2: ['<|im_end|>', '<|im_start|>user\n'],
    'qwen2.5': ['<|im_end|>', '<|im_start|>user\n'], tinyllama: ['</s>', '<|user|>\n'],
  };
  it.each(Object.entries(ends))('%s: its end-of-turn token, then the next turn', (name, [end, nextTurn]) => {
    const spec = templates[name]!;
    const info = { template: spec.chat_template, source: name, specialTokens: setTokens({ bos_token: spec.bos_token, eos_token: spec.eos_token }), ...(spec.eos_token ? { eosToken: spec.eos_token } : {}) };
    expect(textAfterReply(info)).toMatch(new RegExp(`^${escape(end)}\\n?${escape(nextTurn)}Thanks`));
  });

  it('nothing where the template writes nothing after a reply, or fails on a plain chat', () => {
    const info = (template: string) => ({ template, source: 'test', specialTokens: {} });
    expect(textAfterReply(info('{% for m in messages %}{{ m.content }}{% endfor %}'))).toBe('Thanks');
    expect(textAfterReply(info("{% for m in messages %}{% if m.role == 'user' %}{{ m.content }}{% endif %}{% endfor %}"))).toBeUndefined();
    expect(textAfterReply(info("{{ raise_exception('no chats') }}"))).toBeUndefined();
  });
});

describe('continueFinalMessage (transformers\' continue_final_message)', () => {
  const begun = [...CHAT, { role: 'assistant', content: 'The answer is' }];

  it.each(['smollm2', 'llama3', 'llama3.1', 'qwen2', 'qwen2.5'])('%s: the prompt ends in the begun reply, as the turn header plus that text', (name) => {
    const template = templates[name]!.chat_template;
    const o = { bosToken: '<s>', eosToken: '</s>', now: () => new Date(2026, 0, 2) };
    const opened = renderChat(template, begun, { ...o, continueFinalMessage: true });
    // These templates open an assistant turn with exactly the header add_generation_prompt appends.
    expect(opened).toBe(renderChat(template, CHAT, { ...o, addGenerationPrompt: true }) + 'The answer is');
    expect(renderChat(template, begun, { ...o, addGenerationPrompt: false }).startsWith(opened)).toBe(true);
  });

  it('cut where the last message ends, not at an earlier turn or inside the closing token holding the same text', () => {
    const llama3 = templates.llama3!.chat_template;
    const fewShot = [
      { role: 'user', content: 'What is 2+2?' }, { role: 'assistant', content: 'The answer is 4.' },
      { role: 'user', content: 'What is 3+3?' }, { role: 'assistant', content: 'The answer is ' },
    ];
    const opened = renderChat(llama3, fewShot, { bosToken: '<s>', continueFinalMessage: true });
    expect(opened.endsWith('What is 3+3?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nThe answer is')).toBe(true);
    const qwen = renderChat(templates.qwen2!.chat_template, [{ role: 'user', content: 'Say end' }, { role: 'assistant', content: 'end' }], { continueFinalMessage: true });
    expect(qwen.endsWith('<|im_start|>assistant\nend')).toBe(true);
  });

  it('tinyllama: cut after the content, before the template\'s end-of-turn token', () => {
    expect(renderChat(templates.tinyllama!.chat_template, begun, { eosToken: '<E>', continueFinalMessage: true }))
      .toBe('<|system|>\nBe brief.<E>\n<|user|>\nHi!<E>\n<|assistant|>\nThe answer is');
  });

  it('the content trimmed where the template trims it; refused with addGenerationPrompt, empty, or changed by the template', () => {
    const llama3 = templates.llama3!.chat_template;
    const o = { bosToken: '<s>', continueFinalMessage: true };
    expect(renderChat(llama3, [...CHAT, { role: 'assistant', content: ' Sure, ' }], o).endsWith('<|end_header_id|>\n\nSure,')).toBe(true);
    expect(() => renderChat(llama3, begun, { ...o, addGenerationPrompt: true })).toThrow(/^continueFinalMessage and addGenerationPrompt cannot both be true/);
    expect(() => renderChat(llama3, [...CHAT, { role: 'assistant', content: ' ' }], o)).toThrow(ChatMessagesError);
    expect(() => renderChat('{% for m in messages %}{{ m.content | upper }}{% endfor %}', begun, { continueFinalMessage: true }))
      .toThrow(/^continueFinalMessage: the given template changes the last message's content, which is not found in the prompt to continue$/);
  });
});

describe('strftime_now', () => {
  it("formats like Python's strftime on glibc (C locale, local time, the '-' flag, week numbers)", () => {
    const at = new Date(expected.strftime.at); // no zone: local time, as Python's naive datetime
    for (const [format, text] of Object.entries(expected.strftime.formats)) expect(strftime(at, format), format).toBe(text);
    const { format, dates } = expected.strftime.weeks;
    for (const [date, text] of Object.entries(dates)) expect(strftime(new Date(date), format), date).toBe(text);
  });

  it('uses the given clock, as Llama 3.2-style templates do when no date_string is given', () => {
    const template =
      '{%- if not date_string is defined %}{%- if strftime_now is defined %}{%- set date_string = strftime_now("%d %b %Y") %}' +
      '{%- else %}{%- set date_string = "26 Jul 2024" %}{%- endif %}{%- endif %}Today Date: {{ date_string }}';
    const now = () => new Date(2025, 0, 2, 12, 0, 0);
    expect(renderChat(template, CHAT, { now })).toBe('Today Date: 02 Jan 2025');
    expect(renderChat(template, CHAT, { now, extra: { date_string: '26 Jul 2024' } })).toBe('Today Date: 26 Jul 2024');
  });
});

describe('findChatTemplate', () => {
  const smol = templates.smollm2!;

  it('reads chat_template and string special tokens from tokenizer_config.json', () => {
    const info = findChatTemplate(
      files({ 'tokenizer_config.json': { chat_template: smol.chat_template, bos_token: '<|im_start|>', eos_token: '<|im_end|>' } }),
    );
    expect(info).toMatchObject({ template: smol.chat_template, source: 'tokenizer_config.json', bosToken: '<|im_start|>', eosToken: '<|im_end|>' });
    const c = expected.cases.find((x) => x.template === 'smollm2' && x.conversation === 'multi-turn' && x.add_generation_prompt)!;
    expect(renderChat(info!, c.messages)).toBe(c.expected);
  });

  it('takes bos/eos given as AddedToken objects { content }', () => {
    const added = (content: string) => ({ __type: 'AddedToken', content, lstrip: false, normalized: false, rstrip: false, single_word: false });
    const info = findChatTemplate(
      files({
        'tokenizer_config.json': {
          chat_template: templates.llama3!.chat_template,
          bos_token: added('<|begin_of_text|>'),
          eos_token: added('<|eot_id|>'),
          additional_special_tokens: [added('<|x|>'), '<|y|>'],
        },
      }),
    )!;
    expect(info.bosToken).toBe('<|begin_of_text|>');
    expect(info.eosToken).toBe('<|eot_id|>');
    expect(info.specialTokens.additional_special_tokens).toEqual(['<|x|>', '<|y|>']);
    const c = expected.cases.find((x) => x.template === 'llama3' && x.conversation === 'system+user' && x.add_generation_prompt)!;
    expect(renderChat(info, c.messages)).toBe(c.expected);
  });

  it("uses the 'default' of a named-template list, or the one asked for by name", () => {
    const config = {
      chat_template: [
        { name: 'tool_use', template: 'TOOLS {{ messages | length }}' },
        { name: 'default', template: smol.chat_template },
      ],
    };
    const info = findChatTemplate(files({ 'tokenizer_config.json': config }))!;
    expect(info.template).toBe(smol.chat_template);
    expect(info.source).toBe('tokenizer_config.json (chat_template "default")');
    const tools = findChatTemplate(files({ 'tokenizer_config.json': config }), { name: 'tool_use' })!;
    expect(renderChat(tools, CHAT)).toBe('TOOLS 2');
  });

  it('throws NoChatTemplateError when named templates have no default', () => {
    const config = { chat_template: [{ name: 'rag', template: 'x' }] };
    expect(() => findChatTemplate(files({ 'tokenizer_config.json': config }))).toThrow(NoChatTemplateError);
    expect(() => findChatTemplate(files({ 'tokenizer_config.json': config }))).toThrow('no chat template named "default"; it has "rag"');
  });

  it('prefers chat_template.jinja over tokenizer_config.json, as transformers', () => {
    const info = findChatTemplate(
      files({
        'tokenizer_config.json': { chat_template: 'OLD', bos_token: '<s>', eos_token: '</s>' },
        'chat_template.jinja': templates.tinyllama!.chat_template,
      }),
    )!;
    expect(info.source).toBe('chat_template.jinja');
    expect(info.template).toBe(templates.tinyllama!.chat_template);
    expect(renderChat(info, CHAT)).toBe('<|system|>\nBe brief.</s>\n<|user|>\nHi!</s>\n<|assistant|>\n');
    // alone, and under a folder path
    expect(findChatTemplate(files({ 'model/chat_template.jinja': 'J' }))).toEqual({ template: 'J', source: 'chat_template.jinja', specialTokens: {} });
  });

  it('lets special_tokens_map.json override tokenizer_config.json tokens (real TinyStories-656K files)', () => {
    const model = new Map(
      ['tokenizer_config.json', 'special_tokens_map.json', 'tokenizer.json', 'config.json'].map((f) => [f, readBytes(`tinystories656K/${f}`)]),
    );
    expect(findChatTemplate(model)).toBeUndefined(); // a base model: no chat template
    model.set('chat_template.jinja', encoder.encode('{{ bos_token }}{{ messages[0].content }}{{ eos_token }}'));
    const info = findChatTemplate(model)!;
    expect(info).toMatchObject({ bosToken: '<|start_story|>', eosToken: '<|end_story|>' });
    expect(info.specialTokens).toEqual({ bos_token: '<|start_story|>', eos_token: '<|end_story|>', unk_token: '<unk>', pad_token: '<unk>' });
    expect(renderChat(info, [{ role: 'user', content: 'Once' }])).toBe('<|start_story|>Once<|end_story|>');
    const overridden = findChatTemplate(
      files({ 'tokenizer_config.json': { chat_template: 'x', bos_token: '<a>' }, 'special_tokens_map.json': { bos_token: { content: '<b>' } } }),
    );
    expect(overridden?.bosToken).toBe('<b>');
  });

  it('returns undefined without a template', () => {
    expect(findChatTemplate(new Map())).toBeUndefined();
    expect(findChatTemplate(files({ 'tokenizer_config.json': { bos_token: '<s>', chat_template: null } }))).toBeUndefined();
  });

  it('rejects malformed configs with TokenizerFormatError', () => {
    expect(() => findChatTemplate(files({ 'tokenizer_config.json': '{ nope' }))).toThrow(TokenizerFormatError);
    expect(() => findChatTemplate(files({ 'tokenizer_config.json': { chat_template: 42 } }))).toThrow('chat_template is a number');
    expect(() => findChatTemplate(files({ 'tokenizer_config.json': { chat_template: [{ name: 'default' }] } }))).toThrow('entry 0');
    expect(() => findChatTemplate(files({ 'tokenizer_config.json': { chat_template: 'x', eos_token: { id: 2 } } }))).toThrow('tokenizer_config.json: eos_token must be a string or an object with a string "content"');
  });
});

describe('message validation', () => {
  const tpl = templates.qwen2!.chat_template;
  const bad = (messages: unknown) => () => renderChat(tpl, messages as ChatMessage[]);

  it('rejects non-arrays, empty chats and malformed messages with ChatMessagesError', () => {
    expect(bad('hello')).toThrow(ChatMessagesError);
    expect(bad('hello')).toThrow('messages must be an array of { role, content } objects, got the string "hello"');
    expect(bad([])).toThrow('messages is empty');
    expect(bad([null])).toThrow('messages[0] must be a { role, content } object, got null');
    expect(bad([{ content: 'hi' }])).toThrow('messages[0].role must be a non-empty string such as "user", got undefined');
    expect(bad([{ role: 'user', content: 'a' }, { role: 'user', content: 7 }])).toThrow('messages[1].content must be a string, got number 7');
    expect(bad([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }])).toThrow('content parts are not supported');
    expect(bad([{ role: 'user', content: 'hi' }])).not.toThrow();
  });

  it('refuses a hole in the array, and renders a role and content given by a getter or a prototype', () => {
    const sparse: ChatMessage[] = [{ role: 'user', content: 'hi' }];
    sparse[2] = { role: 'user', content: 'there' };
    expect(bad(sparse)).toThrow(new ChatMessagesError('messages[1] must be a { role, content } object, got undefined'));
    const plain = renderChat(tpl, CHAT);
    const inherited = CHAT.map((m) => Object.create(m) as ChatMessage);
    class Message {
      constructor(private readonly m: ChatMessage) {}
      get role() { return this.m.role; }
      get content() { return this.m.content; }
    }
    expect(renderChat(tpl, inherited)).toBe(plain);
    expect(renderChat(tpl, CHAT.map((m) => new Message(m) as unknown as ChatMessage))).toBe(plain);
  });

  it('refuses a message of an unknown role that the template leaves out, naming it', () => {
    const typo: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, { role: 'human', content: 'What is the capital of France?' }];
    const qwen25 = templates['qwen2.5']!.chat_template; // prints the roles it knows, skips others
    expect(() => renderChat(qwen25, typo)).toThrow(new ChatMessagesError('messages[1] has the role "human", which the template left out of the prompt with its content: use one of system, user, assistant, tool'));
    // A template that prints any role keeps it, and the message passes.
    expect(renderChat(tpl, typo)).toContain('<|im_start|>human\nWhat is the capital');
    // Left out though its words appear in a later message: found by where it would be, not by its words.
    const echoed: ChatMessage[] = [{ role: 'human', content: 'Once' }, { role: 'user', content: 'Once upon a time' }];
    expect(() => renderChat(qwen25, echoed)).toThrow(/^messages\[0\] has the role "human", which the template left out/);
  });

  it('refuses messages or add_generation_prompt through extra', () => {
    expect(() => renderChat(tpl, CHAT, { extra: { messages: [] } })).toThrow('"messages" is set by renderChat');
  });
});

describe('template errors', () => {
  // Mixtral-8x7B-Instruct-v0.1's template (as in openvinotoolkit/openvino.genai's tokenizer_configs.py).
  const mixtral =
    "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}";

  it('raise_exception(msg) throws an Error whose message is msg', () => {
    const run = (messages: ChatMessage[]) => () => renderChat(mixtral, messages, { bosToken: '<s>', eosToken: '</s>' });
    expect(run([{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }])).toThrow(ChatTemplateRaisedError);
    expect(run([{ role: 'assistant', content: 'a' }])).toThrow(/^Conversation roles must alternate user\/assistant\/user\/assistant\/\.\.\.$/);
    expect(run([{ role: 'system', content: 'a' }])).toThrow(Error);
    expect(run([{ role: 'user', content: 'Hi' }])()).toBe('<s>[INST] Hi [/INST]');
  });

  it('raise_exception() and strftime_now() without their argument fail, as in Python, instead of using "undefined"', () => {
    for (const call of ['raise_exception()', 'strftime_now()', "strftime_now('%Y', 1)"]) {
      expect(() => renderChat(`{{ ${call} }}`, CHAT), call).toThrow(/failed to render: \w+\(\) takes one argument, got \d$/);
    }
  });

  it('names a special token the template uses but the checkpoint does not define, and takes bos/eos from the info', () => {
    const noEos = files({ 'tokenizer_config.json': { chat_template: mixtral, bos_token: '<s>' } });
    expect(() => renderChat(findChatTemplate(noEos)!, [{ role: 'assistant', content: 'a' }, { role: 'user', content: 'b' }].reverse()))
      .toThrow(/failed to render: .* \(the template uses eos_token, which the checkpoint's tokenizer_config\.json or special_tokens_map\.json does not define\)$/);
    const info = { template: '{{ bos_token }}|{{ eos_token }}', source: 'a test', bosToken: '<B>', eosToken: '<E>', specialTokens: {} };
    expect(renderChat(info, CHAT)).toBe('<B>|<E>');
  });

  it("names the template's source when it fails to parse or render", () => {
    const broken = files({ 'tokenizer_config.json': { chat_template: '{% for m in messages %}{{ m.role }' } });
    const info = findChatTemplate(broken)!;
    expect(() => renderChat(info, CHAT)).toThrow(ChatTemplateError);
    expect(() => renderChat(info, CHAT)).toThrow(/^the chat template from tokenizer_config\.json failed to parse: /);
    const failing = () => renderChat('{{ messages[0].content.nope() }}', CHAT, { source: 'chat_template.jinja' });
    expect(failing).toThrow(/^the chat template from chat_template\.jinja failed to render: /);
    try {
      failing();
    } catch (e) {
      expect((e as ChatTemplateError).templateSource).toBe('chat_template.jinja');
      expect((e as ChatTemplateError).cause).toBeInstanceOf(Error);
    }
  });

  // Rendering is synchronous: a template looping over range(10**7) used to run on for minutes.
  it('a template whose range() calls make more than RANGE_BUDGET numbers fails to render, in one call or many', () => {
    const message = new RegExp(`failed to render: range\\(\\) calls would make more than ${RANGE_BUDGET.toLocaleString('en-US')} numbers in one render`);
    expect(() => renderChat('{% for i in range(10000000) %}x{% endfor %}', CHAT)).toThrow(message);
    expect(() => renderChat('{% for i in range(600) %}{{ range(2000) | length }}{% endfor %}', CHAT)).toThrow(message);
    expect(renderChat('{% for i in range(3, 10, 3) %}{{ i }}{% endfor %}|{% for i in range(5, 0, -2) %}{{ i }}{% endfor %}|{{ range(0) | length }}', CHAT)).toBe('369|531|0');
  });

  // Loops nested over one stored range made few numbers and ran for hours (range(1000), three deep: 10^9 turns).
  it('a template that takes more than its step budget fails to render, however it loops', () => {
    // Two deep (10^6 turns) rather than three (10^9), so that without the budget this test fails in seconds rather than hangs.
    const nested = '{% set r = range(1000) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}';
    expect(() => renderChat(nested, CHAT)).toThrow(/failed to render: the template took more than [\d,]+ steps in one render: a template that does not end\?$/);
    expect(renderChat('{% for i in range(1000) %}{{ i % 10 }}{% endfor %}', CHAT)).toHaveLength(1000); // well within the budget
    // A long conversation is no runaway: each message brings steps of its own.
    const long = Array.from({ length: 50_000 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `line ${i}` }));
    const eachMessage = '{% for m in messages %}{{ m.role }}: {{ m.content | trim }}{% if not loop.last %}|{% endif %}{% endfor %}';
    expect(renderChat(eachMessage, long).split('|')).toHaveLength(50_000);
  });

  // One step can make a string of any length: a 121-byte template ran Node out of memory, and a loop of such steps ran for hours (review AV).
  it('a template that makes a string or a list past its caps, or more text in all than its budget, fails to render', () => {
    expect(() => renderChat(`{{ 'x' | indent(${LONGEST_TEMPLATE_STRING}, true) | upper }}`, CHAT)).toThrow(/failed to render: the template made a string of 4,194,305 characters, past the 4,194,304 one render may make/);
    expect(() => renderChat(`{% for i in range(20) %}{% set x = 'x' | indent(${LONGEST_TEMPLATE_STRING - 8}, true) %}{% endfor %}`, CHAT)).toThrow(/failed to render: the template made more than 67,108,864 characters of text in one render/);
    expect(() => renderChat('{% set ns = namespace(l=[1]) %}{% for i in range(21) %}{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l | length }}', CHAT)).toThrow(/failed to render: the template made a list of 2,097,152 items, past the 1,048,576 one render may make/);
    expect(renderChat('{% set ns = namespace(l=[1]) %}{% for i in range(20) %}{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l | length }}', CHAT)).toBe(String(LONGEST_TEMPLATE_LIST));
  });
});
