/** Refreshes the generated tables of docs/inference.md (see inference-tables.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fillInferenceTables } from './inference-tables.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const path = new URL('../../docs/inference.md', import.meta.url);
writeFileSync(path, fillInferenceTables(readFileSync(path, 'utf8'), root));
