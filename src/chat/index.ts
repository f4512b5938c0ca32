// Chat-template support: find a model's template among its files (find.ts) and render a
// conversation into prompt text (template.ts); Model.chat() uses both. Errors: src/errors.ts.

export { findChatTemplate, requireChatTemplate, type ChatTemplateInfo, type FindChatTemplateOptions } from './find.js';
export { strftime } from './strftime.js';
export { checkChatTemplate, renderChat, validateChatMessages, type ChatMessage, type RenderChatOptions } from './template.js';
