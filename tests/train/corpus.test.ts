// Training data end to end (src/train/data/corpus.ts, files.ts): tinyshakespeare split 90/10 with the
// character tokenizer, the mitochondrial genomes with the nucleotide tokenizer and a held-out file,
// the report of what was read, and each bad input refused with its message.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrainingDataError } from '../../src/errors.js';
import { corpusText, type DataSource, describeSources, formatOf, holds, prepareData, refuseHeldOutTrainedOn } from '../../src/train/data/corpus.js';
import { buildTokenizer } from '../../src/train/data/tokens.js';
import { readDataFile } from '../../src/train/data/files.js';
import { dataPath } from '../support/data.js';

const shakespeare = await readDataFile(dataPath('tinyshakespeare/input.txt'));
const [human, chimp, orangutan] = await Promise.all(['MT-human.fa', 'MT-chimp.fa', 'MT-orangA.fa'].map((f) => readDataFile(dataPath(`dna/${f}`))));

describe('prepareData', () => {
  it('splits tinyshakespeare 90/10 and tokenises it with its 65 characters (+ U+FFFD)', () => {
    const data = prepareData({ train: shakespeare, contextLength: 256 });
    expect(data.split).toEqual({ fraction: 0.1 });
    expect([data.train.length, data.heldOut.length]).toEqual([1_003_854, 111_540]);
    expect(data.tokenizer.vocabSize).toBe(66);
    expect(data.tokenizer.decode([...data.heldOut.subarray(0, 40)])).toBe(shakespeare.text.slice(1_003_854, 1_003_894));
    expect(describeSources(data.sources.train)).toEqual([`${dataPath('tinyshakespeare/input.txt')}: text, 1,115,394 characters`]);
    expect(data.sources.heldOut).toEqual([]);
  });

  // The CLI compares a --tokenizer given on a resume with the checkpoint's by building it from corpusText alone.
  it('builds its character tokenizer from corpusText: FASTA as its bases, held-out files included', () => {
    const fasta: DataSource = { name: 'x.fa', text: '>seq\nACGTRY\nacgt\n' };
    const text: DataSource = { name: 'notes.txt', text: 'Zebra!' };
    expect(corpusText([fasta, text])).toBe('ACGTNNACGTZebra!');
    const data = prepareData({ train: fasta, heldOut: text, tokenizer: { kind: 'char' } });
    expect(buildTokenizer({ kind: 'char' }, corpusText([fasta, text])).json).toEqual(data.json);
  });

  it('trains on human + chimpanzee mtDNA and holds out the orangutan, with the nucleotide tokenizer', () => {
    const data = prepareData({ train: [human, chimp], heldOut: orangutan, contextLength: 256 });
    expect(data.split).toBe('files');
    expect([data.train.length, data.heldOut.length]).toEqual([16_569 + 16_548, 16_499]);
    expect(data.tokenizer.vocabSize).toBe(6);
    expect(data.tokenizer.decode([...data.train.subarray(0, 10)])).toBe('GATCACAGGT');
    expect(data.json).toMatchObject({ model: { type: 'BPE', unk_token: 'N' } });
    expect(describeSources([...data.sources.train, ...data.sources.heldOut])).toEqual([
      `${dataPath('dna/MT-human.fa')}: FASTA, 1 record, 16,569 bases (N in the file: 1; ambiguity codes read as N: none; lower case folded: 0)`,
      `${dataPath('dna/MT-chimp.fa')}: FASTA, 1 record, 16,548 bases (N in the file: 0; ambiguity codes read as N: none; lower case folded: 0)`,
      `${dataPath('dna/MT-orangA.fa')}: FASTA, 1 record, 16,499 bases (N in the file: 0; ambiguity codes read as N: none; lower case folded: 0)`,
    ]);
  });

  it('reports ambiguity codes read as N, per code', () => {
    const data = prepareData({ train: { name: 'a.fasta', text: '>x\nACGRRYacgt\n>y\nNNNNNNNNNNNNNNNNNNNNwk\n' } });
    expect(describeSources(data.sources.train)).toEqual([
      'a.fasta: FASTA, 2 records, 32 bases (N in the file: 20; ambiguity codes read as N: R 2, Y 1, W 1, K 1; lower case folded: 6)',
    ]);
    expect(data.sources.train[0]!.fasta!.ambiguous).toEqual({ R: 2, Y: 1, W: 1, K: 1 });
  });

  it('takes another fraction, a given tokenizer, or a format said outright', () => {
    const data = prepareData({ train: { name: 'x', text: 'abcdefghij' }, heldOutFraction: 0.3 });
    expect([data.train.length, data.heldOut.length]).toEqual([7, 3]);
    const chars = prepareData({ train: human, tokenizer: { kind: 'char' } });
    expect(chars.tokenizer.vocabSize).toBe(6); // A C G N T and U+FFFD
    const fasta = prepareData({ train: { name: 'genome.txt', text: '>g\nACGT\nACGT\n', format: 'fasta' } });
    expect(fasta.train.length + fasta.heldOut.length).toBe(8);
    expect(formatOf({ name: 'X.FASTA', text: '' })).toBe('fasta');
    expect(formatOf({ name: 'notes.md', text: '' })).toBe('text');
    // A format outside the list used to read the file as FASTA.
    expect(() => prepareData({ train: { name: 'table.csv', text: 'a,b\n', format: 'csv' as never } })).toThrow(new RangeError('table.csv: format must be one of "text", "fasta", got "csv"'));
  });

  // readFileSync(path, 'utf8') keeps a BOM: it became a character of the vocabulary and the first token,
  // so the API and the CLI (which drops it) built other tokenizers and fingerprints from one file.
  it('reads a text with a byte-order mark as the text without it, as the CLI and file.text() do', () => {
    const text = 'to be or not to be\n'.repeat(8);
    const plain = prepareData({ train: { name: 'a.txt', text } });
    const marked = prepareData({ train: { name: 'a.txt', text: `\uFEFF${text}` } });
    expect(marked.tokenizer.vocabSize).toBe(plain.tokenizer.vocabSize);
    expect([...marked.train]).toEqual([...plain.train]);
    expect(corpusText([{ name: 'a.txt', text: `\uFEFF${text}` }])).toBe(text);
    expect(() => prepareData({ train: { name: 'bom.txt', text: '\uFEFF' } })).toThrow(new TrainingDataError('bom.txt: the file is empty'));
  });

  it('refuses an empty file, a FASTA file without bases, and both held-out files and a fraction', () => {
    // Bad data is a TrainingDataError, a bad request a TypeError (both were plain Errors).
    expect(() => prepareData({ train: { name: 'empty.txt', text: '' } })).toThrow(new TrainingDataError('empty.txt: the file is empty'));
    expect(() => prepareData({ train: human, heldOut: { name: 'none.fa', text: '>nothing here\n' } })).toThrow(new TrainingDataError('none.fa: no sequence: the FASTA file has 1 header and no bases'));
    expect(() => prepareData({ train: { name: 'empty.txt', text: '' } })).toThrow(TrainingDataError);
    expect(() => prepareData({ train: [] })).toThrow(TypeError);
    expect(() => prepareData({ train: [] })).toThrow(new TypeError('no training data: give at least one file'));
    expect(() => prepareData({ train: human, heldOut: chimp, heldOutFraction: 0.2 })).toThrow(new TypeError('give held-out files or a held-out fraction, not both'));
    expect(() => prepareData({ train: human, heldOutFraction: 1 })).toThrow('the held-out fraction must be a number in [0, 1), got 1');
  });

  it('refuses a source whose text is not a string (a Buffer read without an encoding) or that has no name, saying so', () => {
    const bytes = new TextEncoder().encode('ACGT');
    const cases: [unknown, RegExp][] = [
      [{ name: 'notes.txt', text: bytes }, /^notes\.txt: text must be a string, got bytes \(Uint8Array\): read the file as text/],
      [{ name: 'genome.fa', text: 42 }, /^genome\.fa: text must be a string, got number$/],
      [{ text: 'ACGT' }, /^a data source needs its file's name \(a string\) as name, got undefined$/],
      ['input.txt', /^a data source must be an object \{ name, text \}, got string$/],
    ];
    for (const [source, message] of cases) expect(() => prepareData({ train: source as DataSource })).toThrow(message);
  });

  it('refuses a corpus shorter than one context window, naming the split', () => {
    expect(() => prepareData({ train: { name: 'tiny.txt', text: 'To be, or not to be' }, contextLength: 32 })).toThrow(
      'the training split, tiny.txt (first 90 %), has 17 tokens, shorter than one context window: contextLength 32 needs 33 (the window and the token after it)',
    );
    expect(() => prepareData({ train: human, heldOut: { name: 'short.fa', text: '>s\nACGT\n' }, contextLength: 4 })).toThrow(
      'the held-out split, short.fa, has 4 tokens, shorter than one context window: contextLength 4 needs 5',
    );
    expect(() => prepareData({ train: human, heldOutFraction: 0, contextLength: 8 })).toThrow(`the held-out split, ${human.name} (last 0 %), is empty`);
    expect(() => prepareData({ train: human, contextLength: 0 })).toThrow('contextLength must be a positive integer, got 0');
  });

  it('refuses characters outside a given alphabet, in the held-out text too, counting from the file start', () => {
    const text = { name: 'play.txt', text: 'ROMEO:\nO, she doth teach the torches to burn bright!\n' };
    expect(() => prepareData({ train: text, tokenizer: { kind: 'char', alphabet: 'ROME:\n ,abcdefghijklmnopqrstuvwxyz' } })).toThrow(
      `play.txt: character "!" (U+0021) at position 51 (line 2, column 45) is not in the tokenizer's 34-character alphabet`, // in the held-out "ight!\n"
    );
    expect(() => prepareData({ train: [human, { name: 'b.fa', text: '>b\nACGTAC\nACGTNBX\n' }], heldOut: chimp })).toThrow('b.fa: line 3, column 7: character "X"');
    expect(() => prepareData({ train: [text, shakespeare], heldOut: { name: 'held.txt', text: 'ROMEO:\nbright!\n' }, tokenizer: { kind: 'char', alphabet: 'ROME:\n ,abcdefghijklmnopqrstuvwxyz!' } })).toThrow(
      'input.txt: character "F" (U+0046) at position 0 (line 1, column 1)', // the second file, counted from its own start
    );
    expect(() => prepareData({ train: text, tokenizer: { kind: 'nucleotide' } })).toThrow(`play.txt: character "R" (U+0052) at position 0 (line 1, column 1)`);
    // Several files split by a fraction: the file that holds it and the position in that file (was "play.txt + b.txt" and a position in both).
    const second = { name: 'b.txt', text: 'ROMEO:\nno more\ncafé\n' };
    expect(() => prepareData({ train: [text, second], tokenizer: { kind: 'char', alphabet: 'ROME:\n ,abcdefghijklmnopqrstuvwxyz!' } })).toThrow(
      /^b\.txt: character "é" \(U\+00E9\) at position 18 \(line 3, column 4\)/,
    );
  });
});

// Review J: each was accepted by the command line, and the held-out loss measured on text trained on.
describe('refuseHeldOutTrainedOn', () => {
  const text = { name: 'a.txt', text: 'the quick brown fox jumps over the lazy dog\n'.repeat(20) };
  const other = { name: 'b.txt', text: 'pack my box with five dozen liquor jugs\n'.repeat(20) };
  it('refuses a file given twice where held-out text is trained on: as data and held-out, or as the last data file', () => {
    expect(() => refuseHeldOutTrainedOn([other, text], [{ ...text, name: 'c.txt' }])).toThrow(new TrainingDataError('a.txt and c.txt hold the same text (one file given twice?): the held-out loss would be measured on text trained on'));
    expect(() => refuseHeldOutTrainedOn([text, other, { ...text, name: 'c.txt' }], [])).toThrow(new TrainingDataError('a.txt and c.txt hold the same text (one file given twice?): the last 10 % of the data, held out to measure the loss on, holds text of c.txt, which a.txt trains on'));
    expect(() => refuseHeldOutTrainedOn([text, text], [])).toThrow(/^a\.txt and a\.txt hold the same text/); // one object given twice
    // The copy held out is named as held out, the one trained on as trained on, whichever comes first (review N).
    const x = { name: 'x.txt', text: 'y'.repeat(840) };
    const short = { name: 'a.txt', text: 'z'.repeat(80) };
    expect(() => refuseHeldOutTrainedOn([x, short, { ...short, name: 'a2.txt' }], [])).toThrow(new TrainingDataError('a.txt and a2.txt hold the same text (one file given twice?): the last 10 % of the data, held out to measure the loss on, holds text of a2.txt, which a.txt trains on'));
    // FASTA split on its bases, not on its headers and lines: a2.fa's bases are held out, a.fa trains on them (review N).
    const fasta = (name: string, header: string, bases: string) => ({ name, text: `>${header}\n${bases}\n` });
    expect(() => refuseHeldOutTrainedOn([fasta('a.fa', 'h'.repeat(100), 'ACGT'.repeat(25)), fasta('a2.fa', 'h'.repeat(100), 'ACGT'.repeat(25)), fasta('z.fa', 'h'.repeat(100), 'AC')], [])).toThrow(/^a\.fa and a2\.fa hold the same text .* holds text of a2\.fa, which a\.fa trains on$/);
    expect(() => refuseHeldOutTrainedOn([fasta('b.fa', 'h'.repeat(200), 'ACGT'), fasta('b2.fa', 'h'.repeat(200), 'ACGT'), fasta('z.fa', 'z', 'ACGTACGTAC'.repeat(3))], [])).not.toThrow(); // the 4 bases held out are z.fa's
    // A last file shorter than the held-out 10 %: the held-out part reaches back into the copy before it (review M).
    const z = { name: 'z.txt', text: 'zzzzzzzzzzz\n' };
    expect(() => refuseHeldOutTrainedOn([text, { ...text, name: 'a2.txt' }, z], [])).toThrow(new TrainingDataError('a.txt and a2.txt hold the same text (one file given twice?): the last 10 % of the data, held out to measure the loss on, holds text of a2.txt, which a.txt trains on'));
  });

  it('takes a training file twice where nothing held out is in it (trained on twice, as asked), empty files for prepareData to name, and a text given as both to prepareData', () => {
    expect(() => refuseHeldOutTrainedOn([text, text, other], [])).not.toThrow(); // the held-out 10 % lies in b.txt
    expect(() => refuseHeldOutTrainedOn([text, text], [other, { ...other }])).not.toThrow();
    expect(() => refuseHeldOutTrainedOn([{ name: 'e.txt', text: '' }, { name: 'f.txt', text: '' }], [])).toThrow(new TrainingDataError('e.txt: the file is empty')); // as prepareData says it
    // Both copies wholly held out: nothing held out is trained on (review N).
    const big = { name: 'big.txt', text: 'x'.repeat(1000) };
    expect(() => refuseHeldOutTrainedOn([big, { name: 's.txt', text: 'abcd' }, { name: 's2.txt', text: 'abcd' }], [])).not.toThrow();
    expect(prepareData({ train: text, heldOut: text }).heldOut.length).toBe(text.text.length); // the demos' fine-tuning measures its own lines
  });

  // valid.txt made from train.txt's last lines, or a whole corpus held out beside one of its parts.
  it('refuses a held-out file whose whole text a training file holds, or that holds a training file whole; takes one that only overlaps', () => {
    const tail = { name: 'valid.txt', text: text.text.slice(-100) };
    expect(() => refuseHeldOutTrainedOn([other, text], [tail])).toThrow(new TrainingDataError("valid.txt's whole text is part of a.txt: the held-out loss would be measured on text trained on"));
    const all = { name: 'all.txt', text: other.text + text.text };
    expect(() => refuseHeldOutTrainedOn([text], [all])).toThrow(new TrainingDataError("a.txt's whole text is part of all.txt: the held-out loss would be measured on text trained on"));
    const overlapping = { name: 'o.txt', text: text.text.slice(-100) + 'and a line of its own\n' };
    expect(() => refuseHeldOutTrainedOn([other, text], [overlapping])).not.toThrow();
    // FASTA as its bases: another file's headers and line breaks do not hide them.
    const fasta = (name: string, bases: string) => ({ name, text: `>${name}\n${bases.match(/.{1,8}/g)!.join('\n')}\n` });
    expect(() => refuseHeldOutTrainedOn([fasta('mt.fa', 'ACGTTGCA'.repeat(8) + 'GGGA')], [fasta('end.fa', 'TGCAGGGA')])).toThrow(/^end\.fa's whole text is part of mt\.fa/);
    // A training file under a tenth of the held-out text it is part of is taken (review AL: a glob's one-line file refused the run).
    const valid = { name: 'valid.txt', text: `${'Once upon a time there was a cat.\n'.repeat(30)}The end.\n` };
    expect(() => refuseHeldOutTrainedOn([other, { name: 'sep.txt', text: '\n' }, { name: 'the-end.txt', text: 'The end.\n' }], [valid])).not.toThrow();
    expect(() => refuseHeldOutTrainedOn([other, { name: 'tenth.txt', text: valid.text.slice(0, Math.ceil(valid.text.length / 10)) }], [valid])).toThrow(/^tenth\.txt's whole text is part of valid\.txt/);
  });

  it('holds(text, part) is String.includes, also on long runs of one character (where includes slows to the product of the lengths)', () => {
    const unit = fc.constantFrom('N', 'N', 'N', 'A', 'C', '\u{1F600}');
    const text = fc.string({ unit, maxLength: 40 });
    fc.assert(fc.property(text, text, (t, p) => holds(t, p) === t.includes(p)), { numRuns: 5000, seed: 7 });
    fc.assert(fc.property(text, fc.nat(40), fc.nat(40), (t, a, b) => holds(t, t.slice(Math.min(a, b), Math.max(a, b)))), { numRuns: 2000, seed: 8 });
    // An assembly's N gap against a held-out text with N-run ends: found, and not found once one base differs.
    const gap = 'N'.repeat(1_000_000);
    const ends = `${'N'.repeat(10_000)}${'ACGT'.repeat(5_000)}${'N'.repeat(10_000)}`;
    expect(holds(`ACGT${gap}${ends}`, ends)).toBe(true);
    expect(holds(`ACGT${gap}${ends.replace('ACGTA', 'ACGTC')}`, ends)).toBe(false);
  });
});

describe('readDataFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shaderlm-data-'));

  it('reads UTF-8 text without its byte-order mark, and takes the format from the name', async () => {
    writeFileSync(join(dir, 'bom.txt'), '\uFEFFhello');
    expect(await readDataFile(join(dir, 'bom.txt'))).toEqual({ name: join(dir, 'bom.txt'), text: 'hello' });
    expect(await readDataFile(join(dir, 'bom.txt'), 'fasta')).toMatchObject({ format: 'fasta' });
  });

  it('refuses a binary file', async () => {
    writeFileSync(join(dir, 'model.safetensors'), new Uint8Array([0x08, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0x80]));
    await expect(readDataFile(join(dir, 'model.safetensors'))).rejects.toThrow(`${join(dir, 'model.safetensors')}: not a text file (it is not valid UTF-8)`);
  });

  // Review J: named by base name, two files of one name in different folders read as one in errors.
  it('names a file by its path, so files of one name in two folders are told apart', async () => {
    const [a, b] = ['a', 'b'].map((folder) => join(dir, folder, 'input.txt'));
    for (const path of [a, b]) {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, 'the same text');
    }
    const [first, second] = await Promise.all([a, b].map((path) => readDataFile(path)));
    expect(() => refuseHeldOutTrainedOn([first!], [second!])).toThrow(new TrainingDataError(`${a} and ${b} hold the same text (one file given twice?): the held-out loss would be measured on text trained on`));
  });
});
