// Which organisations serve the residents of a municipality: the municipality itself, its province
// (through its safety region, data/catalog/service-areas.json), the water boards of that province,
// and every national organisation.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Organisation } from '../registry/index.ts';

const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../data/catalog/service-areas.json');

const areasSchema = z.object({
  source: z.string(),
  safetyRegionProvince: z.record(z.string().regex(/^VR\d{2}$/), z.string().regex(/^PV\d{2}$/)),
  waterBoardProvinces: z.record(z.string(), z.array(z.string().regex(/^PV\d{2}$/)).min(1)),
});
type Areas = z.infer<typeof areasSchema>;

let areas: Areas | undefined;
function loadAreas(): Areas {
  areas ??= areasSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return areas;
}

/** The codes of the organisations serving a municipality's residents, or null for an unknown municipality. */
export function servingOrganisationCodes(municipalityCode: string, organisations: readonly Organisation[]): string[] | null {
  const municipality = organisations.find((o) => o.code === municipalityCode && o.type === 'municipality');
  if (!municipality) return null;
  const { safetyRegionProvince, waterBoardProvinces } = loadAreas();
  const province = municipality.safetyRegion ? safetyRegionProvince[municipality.safetyRegion] : undefined;
  const codes = [municipality.code];
  for (const o of organisations) {
    if (o.type === 'ministry' || o.type === 'agency') codes.push(o.code);
    else if (o.type === 'province' && o.code === province) codes.push(o.code);
    else if (o.type === 'water_board' && province && waterBoardProvinces[o.code]?.includes(province)) codes.push(o.code);
  }
  return codes;
}

/** The province of a municipality (by its safety region), or null. */
export function provinceOf(municipality: Pick<Organisation, 'safetyRegion'>): string | null {
  return municipality.safetyRegion ? (loadAreas().safetyRegionProvince[municipality.safetyRegion] ?? null) : null;
}
