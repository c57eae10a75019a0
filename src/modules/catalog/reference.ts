// Reads the files shipped in data/upl (see data/upl/README.md). The product never reads outside the project.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DefaultDecisionTerm } from './model.ts';

export const uplDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../data/upl');

/** The UPL shipped with Loket. */
export const shippedUplFile = path.join(uplDir, 'UPL-actueel-2023-10.csv');

/** The organisation responsible for Rijk products without a mapped law (data/upl/README.md). */
export const fallbackNationalOrganisation = 'MIN-BZK';

/** Law (BWBR id) → code of the responsible national organisation. */
export function rijkResponsibleMapping(): Map<string, string> {
  const rows: Record<string, string>[] = parse(fs.readFileSync(path.join(uplDir, 'rijk-responsible.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  const map = new Map<string, string>();
  for (const r of rows) {
    const law = r['bwbr'] ?? '';
    const code = r['organisationCode'] ?? '';
    if (!/^BWBR\d{7}$/.test(law) || !code) throw new Error(`data/upl/rijk-responsible.csv: invalid row ${JSON.stringify(r)}`);
    if (map.has(law)) throw new Error(`data/upl/rijk-responsible.csv: ${law} appears twice`);
    map.set(law, code);
  }
  return map;
}

/** Awb 4:13 lid 2: the default decision term, with its source. */
export function defaultDecisionTerm(): DefaultDecisionTerm {
  const data = JSON.parse(fs.readFileSync(path.join(uplDir, 'awb-decision-terms.json'), 'utf8')) as {
    defaultDecisionTerm?: Partial<DefaultDecisionTerm>;
  };
  const t = data.defaultDecisionTerm;
  if (
    !t ||
    typeof t.weeks !== 'number' ||
    typeof t.citation !== 'string' ||
    typeof t.source !== 'string' ||
    typeof t.validFrom !== 'string'
  ) {
    throw new Error('data/upl/awb-decision-terms.json: defaultDecisionTerm needs weeks, citation, source and validFrom');
  }
  return { weeks: t.weeks, citation: t.citation, source: t.source, validFrom: t.validFrom };
}
