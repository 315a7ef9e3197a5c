/** Refreshes the generated tables of docs/language.md from the registries (see doc-tables.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fillTables } from './doc-tables.js';

const path = new URL('../../docs/language.md', import.meta.url);
writeFileSync(path, fillTables(readFileSync(path, 'utf8')));
