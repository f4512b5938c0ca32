#!/usr/bin/env node
// The `shaderlm` command: runs the TypeScript CLI (src/cli.ts) through tsx, so no build step
// stands between a checkout and `npx shaderlm`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
