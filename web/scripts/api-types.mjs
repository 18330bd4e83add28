// Generates the API's TypeScript types from ../openapi/openapi.json into src/api/schema.d.ts
// (`node scripts/api-types.mjs`), or checks that the committed file equals a fresh generation
// (`--check`), so that the dashboard goes red when the API changes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(web, '../openapi/openapi.json');
const target = join(web, 'src/api/schema.d.ts');
const bin = join(web, 'node_modules/openapi-typescript/bin/cli.js');
const header = '// Generated from openapi/openapi.json by `npm run api-types`. Do not edit.\n';

function generate() {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-api-types-'));
  try {
    const out = join(dir, 'schema.d.ts');
    execFileSync(process.execPath, [bin, spec, '--output', out, '--alphabetize'], { stdio: ['ignore', 'ignore', 'inherit'] });
    return header + readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fresh = generate();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing counts as different
  }
  if (committed !== fresh) {
    console.error('src/api/schema.d.ts is out of date with ../openapi/openapi.json: run `npm run api-types`.');
    process.exit(1);
  }
  console.log('src/api/schema.d.ts matches openapi/openapi.json');
} else {
  writeFileSync(target, fresh);
  console.log('wrote src/api/schema.d.ts');
}
