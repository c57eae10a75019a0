#!/usr/bin/env node
// The `loket` command. Runs the TypeScript sources through tsx, so no build step is needed.
// The project's tsconfig.json is named explicitly: tsx would otherwise look for one in the
// current folder, and the JSX settings would be missing when `loket` runs from elsewhere.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
