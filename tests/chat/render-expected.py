#!/usr/bin/env python3
# Writes tests/chat/expected.json: the chat templates in templates.json (plus a few small synthetic ones)
# rendered by Python's jinja2 set up exactly as transformers' apply_chat_template(tokenize=False) does.
# Not the TypeScript renderer, and it needs no transformers install: run `python3 tests/chat/render-expected.py`.

import json
from datetime import datetime
from pathlib import Path

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = Path(__file__).resolve().parent


# --- transformers' environment (transformers/utils/chat_template_utils.py, _compile_jinja_template) ---

def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    # transformers overrides jinja's tojson: no HTML escaping, and exposes json.dumps' options.
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(format):
    return datetime.now().strftime(format)


def compile_template(source):
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env.from_string(source)


def render(source, messages, add_generation_prompt, special_tokens, extra):
    # apply_chat_template: template_kwargs = {**tokenizer.special_tokens_map, **kwargs}; special_tokens_map
    # holds only the tokens that are set, and tools/documents are always passed (None without them).
    template_kwargs = {**{k: v for k, v in special_tokens.items() if v is not None}, **extra}
    return compile_template(source).render(
        messages=messages, tools=None, documents=None, add_generation_prompt=add_generation_prompt, **template_kwargs
    )


# --- conversations (no date dependence: Llama 3.1 gets date_string, or uses its own fixed default) ---

SYSTEM = {"role": "system", "content": "You are a terse assistant. Answer in one line."}
USER = {"role": "user", "content": "What is the capital of France?"}
ASSISTANT = {"role": "assistant", "content": "Paris."}
USER2 = {"role": "user", "content": "And of Italy?"}
TRICKY = {
    "role": "user",
    "content": "  Ünïcödé 😀 \"double\" 'single' \\n {{ not a tag }} {% raw %} <b>&amp;</b>\n\nline three  \n",
}

CONVERSATIONS = {
    "system+user": [SYSTEM, USER],
    "user only": [USER],
    "multi-turn": [SYSTEM, USER, ASSISTANT, USER2],
    "multi-turn, no system": [USER, ASSISTANT, USER2],
    "ends with assistant": [USER, ASSISTANT],
    "whitespace and unicode": [TRICKY],
}

# Small templates that pin the environment itself: whitespace control, tojson, loop controls, undefined.
SYNTHETIC = {
    "trim and lstrip blocks": "<start>\n  {% for m in messages %}\n    {# comment #}\n  [{{ m.role }}]\n  {% endfor %}\n<end>\n",
    "trailing newline dropped": "{{ messages[0].content }}\n",
    "tojson": "{{ messages | tojson }}|{{ {'k': 'é<>&\\'', 'n': [1, 2.5, true, none]} | tojson(indent=2) }}|{{ 'x' | tojson }}",
    "loop controls": "{% for m in messages %}{% if loop.index0 == 1 %}{% continue %}{% endif %}{% if loop.index0 == 3 %}{% break %}{% endif %}{{ m.role }};{% endfor %}",
    # Only strings are printed: jinja2 prints None/True/dicts as Python reprs, @huggingface/jinja as ''/true/JSON.
    "undefined and special tokens": "[{{ bos_token }}][{{ eos_token }}][{{ unk_token }}]{% if bos_token is not defined %}[no bos]{% endif %}{% if tools is none and documents is none %}[tools none]{% endif %}{% if add_generation_prompt %}[gen]{% endif %}",
    # Python compares dicts and lists by value: the renderer compared them as objects (a repeated message was not "==").
    "python equality": "{% for t in [messages[1] == {'role': 'user', 'content': 'What is the capital of France?'}, messages[1] != messages[3], messages[1:2] == [messages[1]], '1' == 1, 1 == 1.0, true == 1, none == none, no_such_name == none, [1, [2]] == [1, [2]], {'a': 1} == {'a': 2}] %}{{ 'T' if t else 'F' }}{% endfor %}",
    "attribute and item access": "{% for m in messages %}{{ m.role }}={{ m['content'] | length }}{% if 'content' in m %}+{% endif %}{% if not loop.last %},{% endif %}{% endfor %}",
}

STRFTIME_AT = datetime(2024, 7, 6, 9, 5, 3, 250000)
STRFTIME_FORMATS = [
    "%d %b %Y", "%Y-%m-%d %H:%M:%S", "%A %B %d", "%a %j %y %I%p %%", "%S.%f",
    "%-d %B %Y", "%-m/%-d %-H:%M %-j", "%e|%F|%T|%D|%R|%r", "%c", "%x %X %h %C", "%u %w %U %W %V %G %g", "a%nb%tc", "%-b %-A %q",
]
# Week numbers and ISO years around year boundaries (a Sunday, a Monday, ISO weeks 53 and 1 of the next year).
STRFTIME_WEEK_DATES = [datetime(2021, 1, 1), datetime(2021, 1, 3), datetime(2021, 1, 4), datetime(2024, 12, 30), datetime(2026, 12, 31), datetime(2027, 1, 1)]
STRFTIME_WEEK_FORMAT = "%G %V %g %U %W %u %w %j %-j"



def main():
    templates = json.loads((HERE / "templates.json").read_text(encoding="utf-8"))
    cases = []
    for name, spec in templates.items():
        tokens = {"bos_token": spec["bos_token"], "eos_token": spec["eos_token"]}
        for conv_name, messages in CONVERSATIONS.items():
            for add_generation_prompt in (True, False):
                extra = {} if conv_name == "user only" else {"date_string": "02 Jan 2025"}
                cases.append({
                    "template": name,
                    "conversation": conv_name,
                    "messages": messages,
                    "add_generation_prompt": add_generation_prompt,
                    "special_tokens": tokens,
                    "extra": extra,
                    "expected": render(spec["chat_template"], messages, add_generation_prompt, tokens, extra),
                })
    synthetic = []
    tokens = {"bos_token": None, "eos_token": "</s>"}
    for name, source in SYNTHETIC.items():
        messages = [SYSTEM, USER, ASSISTANT, USER2]
        synthetic.append({
            "name": name,
            "chat_template": source,
            "messages": messages,
            "add_generation_prompt": True,
            "special_tokens": tokens,
            "expected": render(source, messages, True, tokens, {}),
        })
    out = {
        "generator": "tests/chat/render-expected.py",
        "jinja2": jinja2.__version__,
        "cases": cases,
        "synthetic": synthetic,
        "strftime": {
            "at": STRFTIME_AT.isoformat(),
            "formats": {fmt: STRFTIME_AT.strftime(fmt) for fmt in STRFTIME_FORMATS},
            "weeks": {"format": STRFTIME_WEEK_FORMAT, "dates": {d.isoformat(): d.strftime(STRFTIME_WEEK_FORMAT) for d in STRFTIME_WEEK_DATES}},
        },
    }
    path = HERE / "expected.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases and {len(synthetic)} synthetic renderings to {path}")


if __name__ == "__main__":
    main()
