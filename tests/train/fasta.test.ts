// FASTA parsing (src/train/data/fasta.ts): records, case folding, CRLF, IUPAC codes read as N and
// counted, the real mitochondrial genomes, and errors naming file, line and column.

import { describe, expect, it } from 'vitest';
import { parseFasta } from '../../src/train/data/fasta.js';
import { readText } from '../tokenizer/data.js';

describe('parseFasta', () => {
  it('joins several records, skipping headers, comments, blank lines and spaces', () => {
    const text = '>one first record\nACGT\nAC GT\n\n;an old-style comment\n>two\n\tGGCC\n>empty\n>three\nTTAA\n';
    const fasta = parseFasta(text, 'x.fa');
    expect(fasta.sequence).toBe('ACGTACGTGGCCTTAA');
    expect(fasta.records).toEqual([
      { header: 'one first record', start: 0, length: 8 },
      { header: 'two', start: 8, length: 4 },
      { header: 'empty', start: 12, length: 0 },
      { header: 'three', start: 12, length: 4 },
    ]);
    expect(fasta).toMatchObject({ ambiguous: {}, unknown: 0, lowercase: 0 });
  });

  it('folds lower case to upper and counts it', () => {
    expect(parseFasta('>soft-masked\nACgtnN\nacgt', 'x.fa')).toMatchObject({ sequence: 'ACGTNNACGT', lowercase: 7, unknown: 2 });
  });

  it('reads CRLF and CR line ends, and a byte-order mark', () => {
    const crlf = parseFasta('\uFEFF>a\r\nAC\r\nGT\r\n>b\r\nTT\r\n', 'crlf.fa');
    expect(crlf.sequence).toBe('ACGTTT');
    expect(crlf.records.map((r) => r.header)).toEqual(['a', 'b']);
    expect(parseFasta('>a\rAC\rGT', 'cr.fa').sequence).toBe('ACGT');
  });

  it('reads every IUPAC ambiguity code, either case, as N and counts each', () => {
    const fasta = parseFasta('>iupac\nARYKMSWBDHVN\nrrn\n', 'iupac.fa');
    expect(fasta.sequence).toBe('ANNNNNNNNNNNNNN');
    expect(fasta.ambiguous).toEqual({ R: 3, Y: 1, K: 1, M: 1, S: 1, W: 1, B: 1, D: 1, H: 1, V: 1 });
    expect(fasta.unknown).toBe(2); // the file's own N, not the codes
    expect(fasta.lowercase).toBe(3);
  });

  it('keeps bases before any header as a record without a name', () => {
    expect(parseFasta('ACGT\n>b\nGG\n', 'bare.fa').records).toEqual([
      { header: '', start: 0, length: 4 },
      { header: 'b', start: 4, length: 2 },
    ]);
  });

  it('reads the mitochondrial genomes: one record each, the one N of the human rCRS', () => {
    const human = parseFasta(readText('dna/MT-human.fa'), 'MT-human.fa');
    expect(human.records).toEqual([{ header: 'HS#NC_012920.1', start: 0, length: 16_569 }]);
    expect(human.unknown).toBe(1);
    expect(human.sequence.indexOf('N')).toBe(3106); // rCRS position 3107, a placeholder
    expect(human.sequence.startsWith('GATCACAGGTCTATCACCC')).toBe(true);
    expect(parseFasta(readText('dna/MT-chimp.fa'), 'MT-chimp.fa').sequence).toHaveLength(16_548);
    expect(parseFasta(readText('dna/MT-orangA.fa'), 'MT-orangA.fa').sequence).toHaveLength(16_499);
    expect(parseFasta(readText('dna/phiX.fasta'), 'phiX.fasta')).toMatchObject({ lowercase: 5, unknown: 0 });
  });

  it('refuses a file with no sequence, naming it', () => {
    expect(() => parseFasta('', 'empty.fa')).toThrow('empty.fa: no sequence: the FASTA file has no record and no bases');
    expect(() => parseFasta('>only a header\n\n', 'header.fa')).toThrow('header.fa: no sequence: the FASTA file has 1 header and no bases');
    expect(() => parseFasta('>a\r\n>b\r\n;c\r\n', 'two.fa')).toThrow('two.fa: no sequence: the FASTA file has 2 headers and no bases');
  });

  it('refuses a character that is no nucleotide, naming file, line and column', () => {
    expect(() => parseFasta('>rna\nACGU\n', 'rna.fa')).toThrow(
      'rna.fa: line 2, column 4: character "U" (U+0055) is not a nucleotide (A, C, G, T, N or an IUPAC ambiguity code R Y K M S W B D H V, either case)',
    );
    expect(() => parseFasta('>aln\r\nAC\r\nA-GT\r\n', 'aln.fa')).toThrow('aln.fa: line 3, column 2: character "-" (U+002D)');
    expect(() => parseFasta('>p\nMKV*\n', 'protein.fa')).toThrow('protein.fa: line 2, column 4: character "*" (U+002A)');
  });
});
