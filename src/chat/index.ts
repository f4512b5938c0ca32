// Chat-template support: find a model's template among its files (find.ts) and render a
// conversation into prompt text (template.ts); Model.chat() uses both. Errors: src/errors.ts.

export { findChatTemplate, type ChatTemplateInfo } from './find.js';
export { strftime } from './strftime.js';
export { checkChatTemplate, renderChat, type ChatMessage } from './template.js';
