// The demo pages' shared kit, in one import: the page's life (startDemo: engine worker, model
// picker, errors, state), DOM helpers, tokens shaded by probability, and Plot charts. Pages link
// ../kit/kit.css for the look. Tests: tests/browser/ (every page uses it).

export { fieldNames, startDemo, stopWhenLeft, type Demo, type DemoState } from './demo.js';
export { $, fillFromQuery, formatBytes, formatPercent, h, numberIn, positiveIntegerIn } from './dom.js';
export { ErrorBox } from './errors.js';
export { mountChart, Plot } from './charts.js';
export { contextIds, contextNote, listedCharacters, unknownNote } from './context.js';
export { liveView } from './live.js';
export { clipLabel, tokenLabels, visibleText } from './labels.js';
export { probabilityColor, probabilityLegend, rovingFocus, showAlternatives, tokenSpan } from './tokens.js';
export type { RemoteEngine, RemoteModel } from '../../src/worker/client.js';
