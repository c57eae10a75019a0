// democracy: use cases of referendums: create one (with its ballot), support or withdraw support
// for its request (once per person per phase; only counts are public), and decide each request
// phase at its deadline by the ordinance's rules. Counting the votes is the ballot's election
// (service.ts); its finalisation also finalises the referendum.
//
// STUB: signatures agreed with the team; bodies are being written (see /tmp/democracy-api.md).
import type { Principal } from '../../platform/auth/index.ts';
import type { Result } from '../../platform/http/problem.ts';
import type { ModuleContext } from '../../platform/module.ts';
import type { ElectionList, Referendum } from './model.ts';
import type { ReferendumOutcome } from './referendum.ts';
import type { Origin } from './service.ts';

export interface ReferendumSummary {
  id: string;
  organisationCode: string;
  organisationName: string;
  title: string;
  status: Referendum['status'];
  phaseEndsOn: string | null;
  voteDate: string | null;
}

export interface ReferendumView extends Referendum {
  organisationName: string;
  options: ElectionList[];
  /** The current phase while requesting (or the phase that failed), with its public count. */
  phase: { index: number; key: string; label: { nl: string; en: string }; threshold: number; endsOn: string; supporters: number } | null;
  /** Past phases and their final counts. */
  pastPhases: { key: string; label: { nl: string; en: string }; threshold: number; supporters: number; passed: boolean }[];
  /** For a logged-in person: whether they support the current phase; null otherwise. */
  mySupport: boolean | null;
  /** May the principal support now (person, requesting, before the deadline)? */
  maySupport: boolean;
  outcome: ReferendumOutcome | null;
}

const notYet = (): never => {
  throw new Error('democracy: not implemented yet');
};

export async function listReferendums(_ctx: ModuleContext): Promise<ReferendumSummary[]> {
  return notYet();
}
export async function getReferendum(_ctx: ModuleContext, _principal: Principal, _id: string): Promise<Result<ReferendumView>> {
  return notYet();
}
export async function createReferendum(_ctx: ModuleContext, _principal: Principal, _input: unknown, _origin: Origin): Promise<Result<ReferendumView>> {
  return notYet();
}
export async function supportReferendum(_ctx: ModuleContext, _principal: Principal, _id: string, _origin: Origin): Promise<Result<ReferendumView>> {
  return notYet();
}
export async function withdrawSupport(_ctx: ModuleContext, _principal: Principal, _id: string, _origin: Origin): Promise<Result<ReferendumView>> {
  return notYet();
}
/** The job: decides every request phase whose last day has passed. Returns how many were decided. */
export async function closeDuePhases(_ctx: ModuleContext): Promise<number> {
  return notYet();
}
