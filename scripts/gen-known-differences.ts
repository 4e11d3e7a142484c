// Regenerate the pass-rate table and the known-differences list in docs/compatibility.md
// from the differential suite:  npx tsx scripts/gen-known-differences.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedSections } from '../test/differential/known-differences.js';

const file = new URL('../docs/compatibility.md', import.meta.url);
writeFileSync(file, withGeneratedSections(readFileSync(file, 'utf8')));
console.log('docs/compatibility.md: pass rates and known differences regenerated');
