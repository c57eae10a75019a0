// delivery/accountability: the one query it needs of the processing log (read only; the table is
// the platform's). Index processing_log_subject (data_subject_id, start_time) serves it.
import { readJson, type Db } from '../../../platform/db/index.ts';
import type { TrailProcessingLine } from './model.ts';

/** The lines about one subject (its keyed hash) in one organisation, from `from` on, oldest first. */
export async function subjectLinesSince(
  db: Db,
  subjectHash: string,
  organisationCode: string,
  from: string,
): Promise<TrailProcessingLine[]> {
  const rows = await db
    .selectFrom('processing_log')
    .select(['id', 'start_time', 'name', 'processing_activity_id', 'organisation_code', 'data_subject_id_type', 'attributes'])
    .where('data_subject_id', '=', subjectHash)
    .where('start_time', '>=', from)
    .where('organisation_code', '=', organisationCode)
    .orderBy('start_time')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.start_time,
    name: r.name,
    activityId: r.processing_activity_id,
    organisationCode: r.organisation_code,
    subjectType: r.data_subject_id_type,
    attributes: readJson<Record<string, unknown>>(r.attributes),
  }));
}
