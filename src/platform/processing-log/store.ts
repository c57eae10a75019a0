/** One line per processing of one data subject's data (LDV log entry). Append-only. */
export interface ProcessingLogTable {
  id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  status: string;
  start_time: string;
  end_time: string;
  processing_activity_id: string;
  data_subject_id: string | null;
  data_subject_id_type: string | null;
  organisation_code: string | null;
  foreign_processor: string | null;
  attributes: string;
}
