// democracy/eml: the self-written EML_NL files in fixtures/ (fictional candidates and polling
// stations for Groningen, GM0014; see fixtures/README.md), for tests and the demo.

import { readFileSync } from 'node:fs';

export const emlFixtures = {
  /** 110a: Gemeenteraad Groningen 2026, 45 seats. */
  definition: 'Verkiezingsdefinitie_GR2026_Groningen.eml.xml',
  /** 230b: 5 lists with 20, 16, 12, 10 and 3 candidates. */
  candidateLists: 'Kandidatenlijsten_GR2026_Groningen.eml.xml',
  /** 110b: 8 polling stations. */
  pollingStations: 'Stembureaus_GR2026_Groningen.eml.xml',
} as const;

export type EmlFixture = keyof typeof emlFixtures;

/** The exact text of a fixture file (its emlHash is the one listed in fixtures/README.md). */
export function readEmlFixture(fixture: EmlFixture): string {
  return readFileSync(new URL(`./fixtures/${emlFixtures[fixture]}`, import.meta.url), 'utf8');
}
