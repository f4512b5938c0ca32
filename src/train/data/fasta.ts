// FASTA files as training text: every record's sequence lines joined, headers (">") and old-style
// comments (";") skipped, blanks and CR (CRLF files) ignored, case folded to upper. A C G T N are
// kept; the IUPAC ambiguity codes R Y K M S W B D H V become N and are counted, per code, in the
// result; lower-case (soft-masked) bases are counted too. Any other character is an error naming
// the file, line and column. Not tokenisation (tokens.ts). Tests: tests/train/fasta.test.ts.

import { TrainingDataError } from '../../errors.js';
import { describeCharacter, IUPAC_AMBIGUITY } from '../../tokenizer/characters.js';

export interface FastaRecord {
  /** The header line after ">", trimmed; "" for bases before any header. */
  header: string;
  /** Where the record's bases start in `sequence`. */
  start: number;
  length: number;
}

export interface FastaSequence {
  /** All records' bases, one after the other: A, C, G, T and N only. */
  sequence: string;
  records: FastaRecord[];
  /** How many of each ambiguity code (upper case) became N, e.g. { R: 3 }; codes not seen are absent. */
  ambiguous: Record<string, number>;
  /** N in the file itself (ambiguity codes not included). */
  unknown: number;
  /** Bases that were lower case. */
  lowercase: number;
}

const KEPT = new Set('ACGTN');
const AMBIGUOUS = new Set(IUPAC_AMBIGUITY);

/** Throws an Error starting with `name` for a character that is no base, and for a file without bases. */
export function parseFasta(text: string, name: string): FastaSequence {
  const out = new Uint8Array(text.length); // ASCII bases, never more than the characters of the file
  let length = 0;
  const records: FastaRecord[] = [];
  const ambiguous: Record<string, number> = {};
  let unknown = 0;
  let lowercase = 0;
  const close = () => {
    const last = records.at(-1);
    if (last) last.length = length - last.start;
  };
  // A byte-order mark may open the file (readDataFile drops it; text from elsewhere may keep it).
  text.replace(/^\uFEFF/, '').split(/\r?\n|\r/).forEach((line, index) => {
    if (line.startsWith('>')) {
      close();
      records.push({ header: line.slice(1).trim(), start: length, length: 0 });
      return;
    }
    if (line.startsWith(';')) return;
    let column = 0;
    for (const ch of line) {
      column++;
      if (ch === ' ' || ch === '\t') continue;
      let base = ch.toUpperCase();
      if (!KEPT.has(base) && !AMBIGUOUS.has(base)) {
        throw new TrainingDataError(`${name}: line ${index + 1}, column ${column}: ${describeCharacter(ch)} is not a nucleotide (A, C, G, T, N or an IUPAC ambiguity code ${IUPAC_AMBIGUITY.split('').join(' ')}, either case)`);
      }
      if (base !== ch) lowercase++;
      if (AMBIGUOUS.has(base)) {
        ambiguous[base] = (ambiguous[base] ?? 0) + 1;
        base = 'N';
      } else if (base === 'N') {
        unknown++;
      }
      if (records.length === 0) records.push({ header: '', start: 0, length: 0 });
      out[length++] = base.charCodeAt(0);
    }
  });
  close();
  if (length === 0) {
    const headers = records.length === 0 ? 'no record' : `${records.length} header${records.length === 1 ? '' : 's'}`;
    throw new TrainingDataError(`${name}: no sequence: the FASTA file has ${headers} and no bases`);
  }
  return { sequence: new TextDecoder().decode(out.subarray(0, length)), records, ambiguous, unknown, lowercase };
}
