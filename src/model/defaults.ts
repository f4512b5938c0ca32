// The models shaderlm trained itself and ships in models/: `default:<name>` names one. Resolves a
// name to its folder (a path in Node, a URL in browsers, next to this module's package); no
// loading here (source.ts reads what this points at). The models and how they were trained:
// models/README.md.

import { ModelSourceError } from '../errors.js';

/** Name -> folder under models/. */
export const DEFAULT_MODELS: Readonly<Record<string, string>> = {
  shakespeare: 'shakespeare-char',
  dna: 'dna-mt',
};

/**
 * The files every default ships, and all of them: a load reads these and asks for nothing else,
 * so a page opening on a default logs no 404s for the optional files a Hugging Face folder may have.
 */
export const DEFAULT_MODEL_FILES: readonly string[] = ['config.json', 'model.safetensors', 'tokenizer.json'];

/** The model `shaderlm generate` runs when no --model is given. */
export const DEFAULT_MODEL = 'default:shakespeare';

/** What to do when a default: model is not under the models base its caller gave as `setting`. */
export function copyDefaultHere(source: string, setting: string): string {
  return `copy its folder (models/${DEFAULT_MODELS[source.slice('default:'.length)]}/ of the shaderlm package) there, or point ${setting} at the folder that holds it`;
}

/**
 * The folder a `default:` source names, tried under each candidate models/ root (a path or URL
 * prefix); `given`: the one root is the caller's modelsBase (a load's or a training run's), not this package's models/.
 */
export function defaultModelFolder(source: string, roots: readonly string[], exists?: (path: string) => boolean, given = false): string {
  const name = source.slice('default:'.length);
  const folder = DEFAULT_MODELS[name];
  if (!folder) throw new ModelSourceError(`unknown default model "${name}": the defaults are ${Object.keys(DEFAULT_MODELS).map((n) => `default:${n}`).join(', ')}`);
  for (const root of roots) {
    // A base given without its trailing slash (LoadOptions.modelsBase: '/static/models') is still a folder.
    const candidate = root === '' || /[\\/]$/.test(root) ? `${root}${folder}` : `${root}/${folder}`;
    if (!exists || exists(`${candidate}/config.json`)) return candidate;
  }
  // A load's or a training run's modelsBase (review AH: "LoadOptions" named the wrong one for train()).
  if (given) throw new ModelSourceError(`the default model ${source} is not under the modelsBase given (${roots[0]}): ${copyDefaultHere(source, 'modelsBase')}`);
  throw new ModelSourceError(`the default model ${source} (models/${folder}) is not in this copy of shaderlm: looked in ${roots.join(', ')}`);
}

/**
 * Where models/ can be from this module: the repository (src/model/) or the built package
 * (dist/src/model/), the likelier first; then, in a page, the page's own models/ (`pageUrl`, its
 * base URI): a dev server that pre-bundles the package (Vite's node_modules/.vite/deps/) moves the
 * module away from both, and the app serves its public/models/ there.
 */
export function modelRoots(moduleUrl: string, pageUrl?: string): string[] {
  // The built package's module says so by its path: asked first, a browser meets no 404 before it.
  const ups = /\/dist\/src\/model\/[^/]*$/.test(new URL(moduleUrl).pathname) ? ['../../../models/', '../../models/'] : ['../../models/', '../../../models/'];
  const roots = ups.map((up) => new URL(up, moduleUrl).href);
  if (pageUrl !== undefined) roots.push(new URL('models/', pageUrl).href);
  // Once: in a bundle (/assets/x.js) both resolve to the site's /models/, which a browser would ask twice.
  return [...new Set(roots)];
}
