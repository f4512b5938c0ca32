// Every demo of the site, in the order the landing page lists them: the folder under demos/, the
// title, and one sentence on the idea it shows. The Vite build's inputs and the landing page's
// list both come from here (vite/pages.ts); a page whose folder has no index.html yet is listed
// but not linked. Tests: tests/browser/site.test.ts.

export interface DemoPage {
  /** The folder: demos/<name>/index.html and main.ts; the page's URL is <site>/<name>/. */
  name: string;
  title: string;
  /** One sentence: the idea the page makes visible. */
  idea: string;
}

export const DEMO_PAGES: readonly DemoPage[] = [
  { name: 'playground', title: 'Playground', idea: 'A language model writes one token at a time, each shaded by how likely it found it: turn every sampling knob and watch the text change.' },
  { name: 'next-word', title: 'Next word', idea: 'The model\'s output is a probability for every possible next token: edit the context and watch the distribution move; click a bar to append it.' },
  { name: 'vectors', title: 'Tokens are vectors', idea: 'Each token enters the model as a vector of numbers: see the prompt\'s vectors, the whole vocabulary in two dimensions, and how each layer changes them.' },
  { name: 'attention', title: 'Attention', idea: 'softmax(QKᵀ/√d)V on your own prompt: where each token looks, in every layer and head.' },
  { name: 'logit-lens', title: 'Logit lens', idea: 'What the model would predict if it stopped after each layer: the answer taking shape layer by layer.' },
  { name: 'making-things-up', title: 'Making things up', idea: 'One prompt continued at several temperatures side by side: fluent text is not true text, and the unlikely choices are marked.' },
  { name: 'dna', title: 'DNA', idea: 'Any language-like data can be modelled: a model trained on mitochondrial DNA continues a sequence base by base.' },
  { name: 'training', title: 'Training', idea: 'Train a tiny model in this tab and watch its loss fall, then fine-tune a pretrained one on a few lines of your own.' },
  { name: 'bias', title: 'Bias', idea: 'A model is only as good as its data: swap one word in a template and chart the skew, then train two models on skewed corpora.' },
  { name: 'kernel-lab', title: 'Kernel lab', idea: 'The WGSL compute shaders underneath: run one on the GPU and on its CPU reference, and compare the error and the speed.' },
];
