// Training data: reading text and FASTA, the held-out split, tokenisation and batches, with the
// seeded generator they draw from. Browser-safe; files.ts (Node's file reading) is imported apart.

export { type Batch, checkPositiveInteger, checkWindow, heldOutBatches, sampleBatch } from './batches.js';
export { corpusText, type DataFormat, type DataSource, describeSources, type PreparedData, prepareData, type PrepareOptions, refuseHeldOutTrainedOn } from './corpus.js';
export { mulberry32 } from './random.js';
export { buildTokenizer, type TokenizerChoice } from './tokens.js';
