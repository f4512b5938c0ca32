// Training data: reading text and FASTA, the held-out split, tokenisation and batches, with the
// seeded generator they draw from. Browser-safe; files.ts (Node's file reading) is imported apart.

export { type Batch, checkPositiveInteger, checkWindow, heldOutBatches, sampleBatch } from './batches.js';
export { corpusText, type DataFormat, type DataSource, describeSources, formatOf, type PreparedData, prepareData, type PrepareOptions, refuseHeldOutTrainedOn, type SourceReport } from './corpus.js';
export { type FastaRecord, type FastaSequence, parseFasta } from './fasta.js';
export { mulberry32, randomBelow, type Rng } from './random.js';
export { DEFAULT_HELD_OUT_FRACTION, type Split, splitHeldOut } from './split.js';
export { buildTokenizer, type DataTokenizer, encodeText, type TokenizerChoice } from './tokens.js';
