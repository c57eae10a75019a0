// Reads the organisation lists shipped in data/reference (see data/reference/README.md).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { defaultTheme, tooiUriFor, type OrganisationInput, type OrganisationType } from './model.ts';

const referenceDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../data/reference');

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(referenceDir, file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
}

export function referenceOrganisations(): OrganisationInput[] {
  const municipalities = readCsv('gemeenten-2023.csv').map((r): OrganisationInput => ({
    code: String(r['gemcode']),
    name: String(r['name']),
    type: 'municipality',
    abbreviation: null,
    tooiUri: tooiUriFor('municipality', String(r['gemcode'])),
    parentCode: null,
    safetyRegion: r['vrCode'] ?? null,
    theme: defaultTheme,
  }));
  const provinces = readCsv('provincies.csv').map((r): OrganisationInput => ({
    code: String(r['code']),
    name: String(r['name']),
    type: 'province',
    abbreviation: null,
    tooiUri: tooiUriFor('province', String(r['code'])),
    parentCode: null,
    safetyRegion: null,
    theme: defaultTheme,
  }));
  const national = readCsv('rijksorganisaties.csv').map((r): OrganisationInput => ({
    code: String(r['code']),
    name: String(r['name']),
    type: String(r['type']) as OrganisationType,
    abbreviation: r['abbreviation'] || null,
    tooiUri: null,
    parentCode: r['parentCode'] || null,
    safetyRegion: null,
    theme: defaultTheme,
  }));
  const waterBoards = readCsv('waterschappen.csv').map((r): OrganisationInput => ({
    code: String(r['code']),
    name: String(r['name']),
    type: 'water_board',
    abbreviation: null,
    tooiUri: null,
    parentCode: null,
    safetyRegion: null,
    theme: defaultTheme,
  }));
  return [...municipalities, ...provinces, ...waterBoards, ...national];
}
