// Login identities: who a login stands for. Pure.
import { levelsOfAssurance, type LevelOfAssurance } from '../../../platform/auth/model.ts';

/** A ready-made identity on the demo login page (LOKET_DEMO=1 only). */
export interface DemoIdentity {
  key: string;
  label: { nl: string; en: string };
  description: { nl: string; en: string };
  kind: 'person' | 'business' | 'official';
  bsn?: string;
  kvkNumber?: string;
  actingBsn?: string;
  officialId?: string;
}

export function parseLoa(value: unknown): LevelOfAssurance | undefined {
  return levelsOfAssurance.find((l) => l === value);
}

/** A local path to return to after login; anything else goes to "Mijn gegevens". */
export function returnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.length > 500)
    return '/mijn-gegevens';
  return value;
}
