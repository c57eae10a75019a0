// The OpenAPI document of this build, as committed in docs/api/openapi.json (`npm run openapi`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, prepareDatabase } from './app.ts';
import { loadConfig } from './platform/config/index.ts';
import { openDatabase } from './platform/db/index.ts';

export async function openApiDocument(): Promise<unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-openapi-'));
  const result = loadConfig({ LOKET_DATA_DIR: dir, LOG_LEVEL: 'silent', LOKET_SECRET: 'openapi-openapi-openapi-openapi-openapi' });
  if (!result.ok) throw new Error(result.errors.join('; '));
  const database = openDatabase(result.config.database);
  try {
    await prepareDatabase(database, result.config);
    const { app } = await buildApp(result.config, database);
    const doc = JSON.parse(JSON.stringify(app.swagger())) as unknown;
    await app.close();
    return doc;
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const out = process.argv[2] ?? 'docs/api/openapi.json';
  fs.writeFileSync(out, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
  console.log(`OpenAPI written to ${out}`);
}
