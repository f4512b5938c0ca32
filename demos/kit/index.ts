// The demo pages' shared kit, in one import: the page's life (startDemo: engine worker, model
// picker, errors, state), DOM helpers, tokens shaded by probability, and Plot charts. Pages link
// ../kit/kit.css for the look. Tests: tests/browser/ (every page uses it).

export { fieldNames, startDemo, stopWhenLeft, type Demo, type DemoOptions, type DemoState } from './demo.js';
export { $, fillFromQuery, formatBytes, formatPercent, h, numberIn, positiveIntegerIn } from './dom.js';
export { siteUrl, startEngine } from './engine.js';
export { ErrorBox } from './errors.js';
export { ModelPicker, type Pick } from './picker.js';
export { mountChart, Plot, type DrawChart } from './charts.js';
export { contextIds, contextNote, listedCharacters, unknownNote, type ContextIds } from './context.js';
export { liveView, type LiveView } from './live.js';
export { clipLabel, tokenLabels, visibleText } from './labels.js';
export { probabilityColor, probabilityLegend, rovingFocus, showAlternatives, tokenSpan } from './tokens.js';
export type { RemoteEngine, RemoteGeneration, RemoteModel, RemoteTrainedModel } from '../../src/worker/client.js';
