// Types for wgsl-preprocessor (no package.json entry point, no types): import its file directly: a template tag resolving #if/#elif/#else/#endif.
declare module 'wgsl-preprocessor/wgsl-preprocessor.js' {
  export function wgsl(strings: TemplateStringsArray, ...values: unknown[]): string;
}
