// The baseline of the mandates benchmark: npm `casbin` (node-casbin) with an in-memory model,
// loaded with the same relations as Loket's tables hold and answering the same checks.
//
// The model: RBAC with domains, everything in one role definition `g = _, _, _` (user, role,
// domain) and a matcher over request attributes (ABAC), no `p` rules (casbin then evaluates the
// matcher once per request instead of once per rule; with millions of `p` rules every request
// would scan them all). Node names keep the kinds apart so that no unintended path exists:
//   a:<bsn>   a person acting         o:P<bsn> / o:B<kvk>   a subject (person / business)
//   v:<kvk>   a business acting as intermediary for its clients (ketenmachtiging)
// Links (each in force at the moment of the check, see below):
//   legal representation      a:rep  → o:P<person>   domain L:both (gezag, curatele) | L:financial (bewind) | L:personal (mentorschap)
//   functionary                a:bsn  → o:B<kvk>      domain F (sole, joint) | FL (limited)
//                              a:bsn  → v:<kvk>       domain F (sole, joint; only for intermediary firms)
//   mandate to a person        a:bsn  → o:<mandator>  domain of the scope + domain M (any scope, for "view")
//                              a:bsn  → v:<kvk>       same, when the mandator is an intermediary firm (its internal mandate)
//   mandate to a business      v:kvk  → o:<mandator>  domain of the scope + domain M
// Scope domains: S:<org>/<service>, U:<upl uri>, T:<org>/<set>. The role manager follows direct
// links only (hierarchy level 1): the chain client → firm → employee is written out in the matcher,
// through the firm the actor logged in for (r.via), which is how eHerkenning ketenmachtiging works.
//
// What casbin's model does not decide (known differences, counted by the benchmark):
// - time: casbin holds no dates; the adapter loads only the relations in force at the moment of
//   the checks (status, start and end days, 18th birthday, death, ended business), so it agrees
//   at that moment but needs reloading as days pass (minors turn 18 every day, mandates expire);
// - the minimum level of assurance a mandator set on each mandate (the service's level, and the
//   `substantial` that legal representation and chains need, are in the matcher);
// - why a check was denied (casbin says false; Loket says which mandate and why).
import SQLite from 'better-sqlite3';
import { DefaultRoleManager, newEnforcer, newModelFromString, type Adapter, type Enforcer, type Model } from 'casbin';
import type { LevelOfAssurance } from '../../src/platform/auth/model.ts';
import { mandateStanding, type At, type MandateScope } from '../../src/modules/mandates/model.ts';
import { toMandate, type MandateTable } from '../../src/modules/mandates/store.ts';
import { allLegalRepresentations } from '../../src/modules/registry/people/policy.ts';
import type { CourtRegistrationKind } from '../../src/modules/registry/people/model.ts';
import type { CheckSpec } from './mandates-data.ts';

export const casbinModelText = `
[request_definition]
r = sub, obj, me, biz, via, svc, prod, set, l1, l2, l3, loa, need, mandatable

[policy_definition]
p = sub, obj

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.loa >= r.need && ( \
    (r.biz == "" && r.obj == r.me) \
 || (r.biz == "" && r.loa >= 2 && (g(r.sub, r.obj, r.l1) || g(r.sub, r.obj, r.l2) || g(r.sub, r.obj, r.l3))) \
 || ((r.biz == "" || r.biz == r.obj) && (g(r.sub, r.obj, "F") || g(r.sub, r.obj, "FL"))) \
 || (r.mandatable == 1 && (r.biz == "" || r.biz == r.obj) && (g(r.sub, r.obj, r.svc) || g(r.sub, r.obj, r.prod) || g(r.sub, r.obj, r.set))) \
 || (r.mandatable == 1 && r.via != "" && r.loa >= 2 \
     && (g(r.sub, r.via, "F") || g(r.sub, r.via, r.svc) || g(r.sub, r.via, r.prod) || g(r.sub, r.via, r.set)) \
     && (g(r.via, r.obj, r.svc) || g(r.via, r.obj, r.prod) || g(r.via, r.obj, r.set)) ) )
`;

const personNode = (bsn: string): string => `o:P${bsn}`;
const businessNode = (kvk: string): string => `o:B${kvk}`;
const actorNode = (bsn: string): string => `a:${bsn}`;
const firmNode = (kvk: string): string => `v:${kvk}`;

export function scopeDomain(scope: MandateScope): string {
  switch (scope.kind) {
    case 'service':
      return `S:${scope.organisationCode}/${scope.serviceId}`;
    case 'product':
      return `U:${scope.uplUri}`;
    case 'service_set':
      return `T:${scope.organisationCode}/${scope.setId}`;
  }
}

const legalDomain: Record<'gezag' | CourtRegistrationKind, string> = {
  gezag: 'L:both',
  curatele: 'L:both',
  beschermingsbewind: 'L:financial',
  mentorschap: 'L:personal',
};

const loaNumber: Record<LevelOfAssurance, number> = { low: 1, substantial: 2, high: 3 };
const none = '-';

export type CasbinRequest = (string | number)[];

/** The request attributes of one check, in the order of `r` in the model. */
export function casbinRequest(spec: CheckSpec): CasbinRequest {
  const s = spec.service;
  const subject = spec.subject.kind === 'person' ? personNode(spec.subject.id) : businessNode(spec.subject.id);
  const legal =
    s === null
      ? ['L:financial', 'L:personal', 'L:both']
      : s.matter === 'financial'
        ? ['L:financial', 'L:both', none]
        : s.matter === 'personal'
          ? ['L:personal', 'L:both', none]
          : ['L:both', none, none];
  return [
    actorNode(spec.actorBsn),
    subject,
    personNode(spec.actorBsn),
    spec.business === null ? '' : businessNode(spec.business),
    spec.business === null ? '' : firmNode(spec.business),
    s === null ? 'M' : `S:${s.organisationCode}/${s.serviceId}`,
    s === null ? 'M' : s.uplUri === null ? none : `U:${s.uplUri}`,
    s === null ? 'M' : s.serviceSetIds[0] === undefined ? none : `T:${s.organisationCode}/${s.serviceSetIds[0]}`,
    legal[0] ?? none,
    legal[1] ?? none,
    legal[2] ?? none,
    loaNumber[spec.loa],
    s === null ? 1 : loaNumber[s.requiredLoa ?? 'low'],
    s === null || s.mandatable !== false ? 1 : 0,
  ];
}

export interface AdapterCounts {
  legal: number;
  functionary: number;
  mandate: number;
  /** Relations in the tables that were not in force at the moment (not loaded). */
  skipped: { legal: number; functionary: number; mandate: number };
  links: number;
  seconds: number;
}

/**
 * A read-only casbin adapter over Loket's tables: the relations in force at `at`, as grouping
 * rules `g`. It pushes the rules as casbin's own file and database adapters do (without checking
 * each for a duplicate: Model.addPolicy scans every rule before it adds one, quadratic at this size).
 */
export class LoketTablesAdapter implements Adapter {
  counts: AdapterCounts = { legal: 0, functionary: 0, mandate: 0, skipped: { legal: 0, functionary: 0, mandate: 0 }, links: 0, seconds: 0 };

  constructor(
    private readonly file: string,
    private readonly at: At,
    private readonly progress: (message: string) => void,
  ) {}

  loadPolicy(model: Model): Promise<void> {
    const started = performance.now();
    const rules = model.model.get('g')?.get('g')?.policy;
    if (!rules) throw new Error('the casbin model has no g');
    const db = new SQLite(this.file, { readonly: true });
    const day = this.at.day;
    const c = this.counts;
    const add = (user: string, role: string, domain: string): void => {
      rules.push([user, role, domain]);
      c.links += 1;
    };
    try {
      db.pragma('cache_size = -262144');
      // Legal representation, with the registry's own end days (18th birthday, death, court's end).
      for (const r of db
        .prepare(
          `select a.child_bsn, a.holder_bsn, a.kind, a.valid_from, a.valid_to, p.birth_date, p.death_date
             from person_authority a join person p on p.bsn = a.child_bsn`,
        )
        .iterate() as Iterable<{
        child_bsn: string;
        holder_bsn: string;
        kind: 'parent' | 'guardian';
        valid_from: string;
        valid_to: string | null;
        birth_date: string;
        death_date: string | null;
      }>) {
        const [rep] = allLegalRepresentations(
          { bsn: r.child_bsn, birthDate: r.birth_date, deathDate: r.death_date },
          [{ childBsn: r.child_bsn, holderBsn: r.holder_bsn, kind: r.kind, validFrom: r.valid_from, validTo: r.valid_to }],
          [],
        );
        if (rep && rep.validFrom <= day && (rep.validTo === null || day < rep.validTo)) {
          add(actorNode(r.holder_bsn), personNode(r.child_bsn), legalDomain.gezag);
          c.legal += 1;
        } else c.skipped.legal += 1;
      }
      this.progress(`casbin adapter: gezag done (${c.links.toLocaleString('en-US')} links)`);
      for (const r of db
        .prepare(
          `select r.id, r.person_bsn, r.representative_bsn, r.kind, r.valid_from, r.valid_to, p.birth_date, p.death_date
             from court_registration r join person p on p.bsn = r.person_bsn`,
        )
        .iterate() as Iterable<{
        id: string;
        person_bsn: string;
        representative_bsn: string;
        kind: CourtRegistrationKind;
        valid_from: string;
        valid_to: string | null;
        birth_date: string;
        death_date: string | null;
      }>) {
        const [rep] = allLegalRepresentations(
          { bsn: r.person_bsn, birthDate: r.birth_date, deathDate: r.death_date },
          [],
          [
            {
              id: r.id,
              personBsn: r.person_bsn,
              representativeBsn: r.representative_bsn,
              kind: r.kind,
              validFrom: r.valid_from,
              validTo: r.valid_to,
            },
          ],
        );
        if (rep && rep.validFrom <= day && (rep.validTo === null || day < rep.validTo)) {
          add(actorNode(r.representative_bsn), personNode(r.person_bsn), legalDomain[r.kind]);
          c.legal += 1;
        } else c.skipped.legal += 1;
      }

      // Intermediary firms: businesses that received a mandate.
      const firms = new Set(
        (db.prepare(`select distinct mandatary_id as id from mandate where mandatary_kind = 'business'`).all() as { id: string }[]).map(
          (r) => r.id,
        ),
      );

      for (const f of db
        .prepare(
          `select f.kvk_number, f.person_bsn, f.authority, f.valid_from, f.valid_to, b.ended_on
             from business_functionary f join business b on b.kvk_number = f.kvk_number`,
        )
        .iterate() as Iterable<{
        kvk_number: string;
        person_bsn: string;
        authority: string;
        valid_from: string;
        valid_to: string | null;
        ended_on: string | null;
      }>) {
        const inForce = f.valid_from <= day && (f.valid_to === null || day < f.valid_to);
        const businessEnded = f.ended_on !== null && f.ended_on <= day;
        if (!inForce || businessEnded) {
          c.skipped.functionary += 1;
          continue;
        }
        const limited = f.authority === 'limited';
        add(actorNode(f.person_bsn), businessNode(f.kvk_number), limited ? 'FL' : 'F');
        if (!limited && firms.has(f.kvk_number)) add(actorNode(f.person_bsn), firmNode(f.kvk_number), 'F');
        c.functionary += 1;
      }
      this.progress(`casbin adapter: functionaries done (${c.links.toLocaleString('en-US')} links)`);

      for (const r of db
        .prepare(
          `select m.*, p.death_date as mandator_death_date, b.ended_on as mandator_ended_on
             from mandate m
             left join person p on m.mandator_kind = 'person' and p.bsn = m.mandator_id
             left join business b on m.mandator_kind = 'business' and b.kvk_number = m.mandator_id`,
        )
        .iterate() as Iterable<MandateTable & { mandator_death_date: string | null; mandator_ended_on: string | null }>) {
        const m = toMandate(r);
        const mandatorEnded = r.mandator_death_date ?? r.mandator_ended_on;
        if (mandateStanding(m, this.at) !== 'in_force' || (mandatorEnded !== null && mandatorEnded <= day)) {
          c.skipped.mandate += 1;
          continue;
        }
        const subject = m.mandator.kind === 'person' ? personNode(m.mandator.id) : businessNode(m.mandator.id);
        const domain = scopeDomain(m.scope);
        if (m.mandatary.kind === 'person') {
          const actor = actorNode(m.mandatary.id);
          add(actor, subject, domain);
          add(actor, subject, 'M');
          if (m.mandator.kind === 'business' && firms.has(m.mandator.id)) {
            add(actor, firmNode(m.mandator.id), domain);
            add(actor, firmNode(m.mandator.id), 'M');
          }
        } else {
          add(firmNode(m.mandatary.id), subject, domain);
          add(firmNode(m.mandatary.id), subject, 'M');
        }
        c.mandate += 1;
      }
    } finally {
      db.close();
    }
    c.seconds = (performance.now() - started) / 1000;
    return Promise.resolve();
  }

  savePolicy(): Promise<boolean> {
    return Promise.reject(new Error('read-only adapter'));
  }
  addPolicy(): Promise<void> {
    return Promise.reject(new Error('read-only adapter'));
  }
  removePolicy(): Promise<void> {
    return Promise.reject(new Error('read-only adapter'));
  }
  removeFilteredPolicy(): Promise<void> {
    return Promise.reject(new Error('read-only adapter'));
  }
}

/** An enforcer with the model above, its role manager following direct links only, loaded through the adapter. */
export async function loadEnforcer(adapter: LoketTablesAdapter): Promise<Enforcer> {
  const enforcer = await newEnforcer(newModelFromString(casbinModelText));
  enforcer.setRoleManager(new DefaultRoleManager(1));
  enforcer.setAdapter(adapter);
  // loadPolicy: the adapter's rules, then the role links (buildRoleLinks).
  await enforcer.loadPolicy();
  return enforcer;
}
