// `default:<name>` sources: names map to folders under models/, looked up under the repository's
// and the built package's roots, with clear errors for an unknown name or a missing folder.

import { describe, expect, it } from 'vitest';
import { ModelSourceError } from '../../src/errors.js';
import { DEFAULT_MODELS, defaultModelFolder, modelRoots } from '../../src/model/defaults.js';

describe('default models', () => {
  it('map names to folders under the first root that holds them', () => {
    const roots = ['/repo/models/', '/pkg/models/'];
    expect(defaultModelFolder('default:shakespeare', roots, (p) => p === '/pkg/models/shakespeare-char/config.json')).toBe('/pkg/models/shakespeare-char');
    expect(defaultModelFolder('default:dna', roots, () => true)).toBe('/repo/models/dna-mt');
    expect(Object.keys(DEFAULT_MODELS)).toEqual(['shakespeare', 'dna']);
  });

  it('an unknown name lists the defaults; a missing folder says where it looked', () => {
    expect(() => defaultModelFolder('default:poetry', ['/r/'])).toThrow(ModelSourceError);
    expect(() => defaultModelFolder('default:poetry', ['/r/'])).toThrow(/unknown default model "poetry": the defaults are default:shakespeare, default:dna/);
    expect(() => defaultModelFolder('default:dna', ['/a/', '/b/'], () => false)).toThrow(/default:dna \(models\/dna-mt\) is not in this copy of shaderlm: looked in \/a\/, \/b\//);
  });

  it('looks next to the source tree and next to the built package', () => {
    expect(modelRoots('file:///p/src/model/source.ts')).toEqual(['file:///p/models/', 'file:///models/']);
    expect(modelRoots('file:///p/dist/src/model/source.js')[1]).toBe('file:///p/models/');
  });
});
