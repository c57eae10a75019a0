// mandates: demo data (LOKET_DEMO=1), so that "Mijn machtigingen", the "act for …" switch and the
// official's lookup show a story at the first start. Made through the real use cases with the clock
// set back (so every mandate has its audit records and events), except the service set: Amsterdam
// has no demo service designer, so the set is written by the system with its audit record.
//
// The story, with the demo identities of the login page:
// - Sanne de Vries let her neighbour Tom Peters handle her disabled parking card at Amsterdam
//   (active); her uncle Willem de Graaf asked her to handle his tax remission (waiting for her
//   acceptance); last year's mandate to Tom for a payment arrangement has expired, and the one she
//   gave Priya Sharma for Amsterdam's "Belastingen" services she ended herself.
// - Noordlicht Techniek B.V. (joint authority): Joost van der Meer granted the administration firm
//   De Wit & Hoekstra a mandate for the corporate tax; it waits for the second signature, Ayşe Kaya's.
// - Kapsalon Yılmaz lets De Wit & Hoekstra (its administratiekantoor) handle its advertising tax
//   (reclamebelasting, for the shop sign) at every municipality (ketenmachtiging); the firm's
//   employee Thomas Meijer does that under the firm's internal mandate.
// (Products only businesses use: the demo catalog lets those be used through a mandate.)
//
// Needs the registry's and the catalog's demo data first; without them it does nothing, so a
// later start seeds it. Idempotent: nothing happens once any mandate exists.
import { recordAudit, systemActor } from '../../platform/audit/index.ts';
import type { Principal } from '../../platform/auth/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { newTrace } from '../../platform/processing-log/index.ts';
import { addDays, addYears, fixedClock, type IsoDate } from '../../platform/time/index.ts';
import { productNames, publishedServiceOf, serviceAccessFacts } from '../catalog/index.ts';
import { demoBsn, findPerson } from '../registry/index.ts';
import { changeMandate, grantMandate, noticeExpiries, type Origin } from './service.ts';
import * as store from './store.ts';

const DAY = 86_400_000;
const organisationCode = 'GM0363';
const term = (slug: string): string => `http://standaarden.overheid.nl/owms/terms/${slug}`;

/** The KVK numbers of the demo businesses (registry/seed/demo.ts `demoKvk`). */
const kvk = { kapsalon: '90000000', noordlicht: '90000001', dewit: '90000002' } as const;

/** Sanne's mandate to Tom: the first of these services Amsterdam publishes and allows mandates for. */
const activeOptions = [term('gehandicaptenparkeerkaart'), term('wmo-voorziening'), term('bijzBijstUitk'), term('bijstand')] as const;

/** Amsterdam's "Belastingen" set: those of these services it publishes. */
const taxSet = [
  term('belastingkwijtschelding'),
  term('belastingbetalingsregeling'),
  term('belastingaanslag_kopie'),
  term('onroerendezaakbelasting_(ozb)'),
  term('onroerendezaakbelasting_(ozb)_kopie_aanslag'),
  term('woz-taxatieverslag_kopie'),
  term('hondenbelasting'),
  term('afvalstoffenheffing'),
] as const;

const products = {
  remission: term('belastingkwijtschelding'),
  arrangement: term('belastingbetalingsregeling'),
  corporateTax: term('vennootschapsbel'),
  signTax: term('reclamebelasting'),
} as const;

/** The UPL products the demo mandates use (for tests that seed only these). */
export const demoMandateProducts: readonly string[] = [...new Set([...activeOptions, ...taxSet, ...Object.values(products)])];

const session = { sessionId: 'demo-seed', loa: 'substantial' as const };
const citizen = (bsn: string, name: string): Principal => ({ kind: 'person', bsn, name, ...session });
const forBusiness = (kvkNumber: string, actingBsn: string, name: string): Principal => ({
  kind: 'business',
  kvkNumber,
  actingBsn,
  name,
  ...session,
});

export async function seedDemoMandates(ctx: ModuleContext): Promise<void> {
  const db = ctx.database.db;
  if (await store.hasMandates(db)) return;
  // The registry and the catalog seed their demo data in their own modules; wait for them.
  if (!(await findPerson(ctx, demoBsn.sanne))) return;
  const known = await productNames(ctx, Object.values(products));
  if (known.size < Object.values(products).length) return;

  const now = ctx.clock.now().getTime();
  const at = (daysAgo: number): ModuleContext => ({ ...ctx, clock: fixedClock(now - daysAgo * DAY) });
  const dayOf = (daysAgo: number): IsoDate => at(daysAgo).clock.today();
  const origin = (): Origin => ({ trace: newTrace(), requestId: null });

  const sanne = citizen(demoBsn.sanne, 'Sanne de Vries');
  const tom = citizen(demoBsn.tom, 'Tom Peters');
  const willem = citizen(demoBsn.willem, 'Willem de Graaf');
  const priya = citizen(demoBsn.priya, 'Priya Sharma');
  const thomas = citizen(demoBsn.thomas, 'Thomas Meijer');
  const emre = forBusiness(kvk.kapsalon, demoBsn.emre, 'Emre Yılmaz');
  const joost = forBusiness(kvk.noordlicht, demoBsn.joost, 'Joost van der Meer');
  const bas = forBusiness(kvk.dewit, demoBsn.bas, 'Bas de Wit');

  async function grant(daysAgo: number, principal: Principal, body: Record<string, unknown>): Promise<string> {
    const r = await grantMandate(at(daysAgo), principal, body, origin());
    if (!r.ok) throw new Error(`demo mandate: ${r.failure.code} ${JSON.stringify(r.failure.invalidParams ?? r.failure.detail)}`);
    return r.value.mandate.id;
  }
  async function change(daysAgo: number, principal: Principal, id: string, event: 'sign' | 'accept' | 'end'): Promise<void> {
    const r = await changeMandate(at(daysAgo), principal, id, event, origin());
    if (!r.ok) throw new Error(`demo mandate ${event}: ${r.failure.code}`);
  }
  const person = (bsn: string, surname: string) => ({ kind: 'person', bsn, surname });
  const business = (kvkNumber: string) => ({ kind: 'business', kvkNumber });

  // Amsterdam's "Belastingen" set, made seven months ago.
  const setServices: string[] = [];
  for (const uri of taxSet) {
    const found = await publishedServiceOf(ctx, organisationCode, uri);
    if (found) setServices.push(found.service.id);
  }
  const setMade = new Date(now - 210 * DAY);
  if (setServices.length > 0)
    await inTransaction(db, async (trx) => {
      const set: store.ServiceSet = {
        organisationCode,
        id: 'belastingen',
        name: { nl: 'Belastingen', en: 'Taxes' },
        serviceIds: [...setServices].sort(),
        createdAt: setMade.toISOString(),
      };
      await store.saveServiceSet(trx, set);
      await recordAudit(trx, {
        actor: systemActor,
        action: 'mandates.service_set_saved',
        object: { type: 'service_set', id: `${organisationCode}:${set.id}` },
        at: setMade,
        details: { services: set.serviceIds.length, demo: true },
      });
    });

  // Sanne → Tom, for a service of Amsterdam: active.
  let activeService: string | undefined;
  for (const uri of activeOptions) {
    const found = await publishedServiceOf(ctx, organisationCode, uri);
    if (found && (await serviceAccessFacts(ctx, organisationCode, found.service.id))?.mandatable !== false) {
      activeService = found.service.id;
      break;
    }
  }
  if (activeService) {
    const id = await grant(20, sanne, {
      mandatary: person(demoBsn.tom, 'Peters'),
      scope: { kind: 'service', organisationCode, serviceId: activeService },
      validUntil: addYears(dayOf(20), 1),
    });
    await change(19, tom, id, 'accept');
  }

  // Sanne → Tom, last year, for payment arrangements anywhere: expired 100 days ago.
  const expired = await grant(500, sanne, {
    mandatary: person(demoBsn.tom, 'Peters'),
    scope: { kind: 'product', uplUri: products.arrangement },
    validUntil: addDays(dayOf(500), 400),
  });
  await change(499, tom, expired, 'accept');

  // Sanne → Priya, for Amsterdam's "Belastingen": ended by Sanne two months ago.
  if (setServices.length > 0) {
    const ended = await grant(200, sanne, {
      mandatary: person(demoBsn.priya, 'Sharma'),
      scope: { kind: 'service_set', organisationCode, setId: 'belastingen' },
      validUntil: addYears(dayOf(200), 2),
    });
    await change(199, priya, ended, 'accept');
    await change(60, sanne, ended, 'end');
  }

  // Willem → Sanne, for tax remission anywhere: waiting for Sanne's acceptance.
  await grant(2, willem, {
    mandatary: person(demoBsn.sanne, 'de Vries'),
    scope: { kind: 'product', uplUri: products.remission },
    validUntil: addYears(dayOf(2), 2),
  });

  // Kapsalon Yılmaz → De Wit & Hoekstra (its administratiekantoor), for the advertising tax; the
  // firm's employee Thomas acts under the firm's internal mandate.
  const signTax = await grant(90, emre, {
    mandatary: business(kvk.dewit),
    scope: { kind: 'product', uplUri: products.signTax },
    validUntil: addYears(dayOf(90), 3),
  });
  await change(89, bas, signTax, 'accept');
  const internal = await grant(85, bas, {
    mandatary: person(demoBsn.thomas, 'Meijer'),
    scope: { kind: 'product', uplUri: products.signTax },
    validUntil: addYears(dayOf(85), 3),
  });
  await change(84, thomas, internal, 'accept');

  // Noordlicht Techniek → De Wit & Hoekstra, for the corporate tax: Joost granted it, Ayşe still has to sign.
  await grant(3, joost, {
    mandatary: business(kvk.dewit),
    scope: { kind: 'product', uplUri: products.corporateTax },
    validUntil: addYears(dayOf(3), 3),
  });

  // Both sides of the expired mandate are told.
  await noticeExpiries(ctx, origin());
}
