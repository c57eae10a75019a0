// delivery: demo cases (LOKET_DEMO=1), so that "Mijn zaken" and the work queue show something to
// click at the first start. Made through the real use cases with the clock set back, so every case
// has its timeline, audit records, processing-log lines, letters and events. Idempotent: nothing
// happens once any case exists.
import type { Principal } from '../../platform/auth/model.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { fixedClock } from '../../platform/time/index.ts';
import { publishedServiceOf } from '../catalog/index.ts';
import { demoBsn, demoOfficialId } from '../registry/index.ts';
import { claimCase, decideCase, requestInformation, submitApplication } from './service.ts';
import * as store from './store.ts';

/** Municipal application products without a form of their own (the one-question form applies). */
const products = [
  'gehandicaptenparkeerkaart',
  'kapvergunning',
  'standplaatsvergunning',
  'ligplaatsvergunning',
  'exploitatievergunning',
  'ontheffing_geluid',
  'drank-_en_horecavergunning',
  'speelautomatenvergunning',
].map((name) => `http://standaarden.overheid.nl/owms/terms/${name}`);

const organisationCode = 'GM0363';
const DAY = 86_400_000;

type Step =
  | { kind: 'claim'; daysAgo: number }
  | { kind: 'request'; daysAgo: number; message: string; completeInDays: number }
  | { kind: 'decide'; daysAgo: number; outcome: 'granted' | 'refused'; motivation: string };

interface DemoCase {
  bsn: string;
  name: string;
  product: number;
  daysAgo: number;
  text: string;
  steps: Step[];
}

const cases: readonly DemoCase[] = [
  {
    bsn: demoBsn.sanne,
    name: 'Sanne de Vries',
    product: 0,
    daysAgo: 12,
    text: 'Ik kan door mijn knieoperatie niet ver lopen en vraag een parkeerkaart aan.',
    steps: [
      { kind: 'claim', daysAgo: 10 },
      {
        kind: 'request',
        daysAgo: 3,
        message: 'Stuur ons een verklaring van uw arts over hoe ver u kunt lopen.',
        completeInDays: 14,
      },
    ],
  },
  {
    bsn: demoBsn.sanne,
    name: 'Sanne de Vries',
    product: 1,
    daysAgo: 40,
    text: 'De esdoorn in mijn achtertuin is ziek en moet weg.',
    steps: [
      { kind: 'claim', daysAgo: 35 },
      { kind: 'decide', daysAgo: 5, outcome: 'granted', motivation: 'De boom is ziek; een deskundige heeft dat bevestigd.' },
    ],
  },
  {
    bsn: demoBsn.sanne,
    name: 'Sanne de Vries',
    product: 2,
    daysAgo: 64,
    text: 'Ik wil op zaterdag een bloemenkraam zetten op het Ten Katemarktplein.',
    steps: [{ kind: 'claim', daysAgo: 50 }],
  },
  { bsn: demoBsn.mohamed, name: 'Mohamed El Amrani', product: 3, daysAgo: 2, text: 'Ligplaats voor mijn woonboot.', steps: [] },
  { bsn: demoBsn.fatima, name: 'Fatima Bouzid', product: 0, daysAgo: 5, text: 'Parkeerkaart voor mijn moeder.', steps: [] },
  {
    bsn: demoBsn.kees,
    name: 'Kees Jansen',
    product: 4,
    daysAgo: 20,
    text: 'Exploitatievergunning voor mijn lunchroom.',
    steps: [{ kind: 'claim', daysAgo: 18 }],
  },
  { bsn: demoBsn.ingrid, name: 'Ingrid Smit', product: 5, daysAgo: 58, text: 'Buurtfeest op 21 juni, tot 23.00 uur.', steps: [] },
  {
    bsn: demoBsn.emre,
    name: 'Emre Yılmaz',
    product: 6,
    daysAgo: 30,
    text: 'Vergunning voor het café dat ik overneem.',
    steps: [
      { kind: 'claim', daysAgo: 28 },
      { kind: 'request', daysAgo: 25, message: 'Stuur ons de huurovereenkomst van het pand.', completeInDays: 14 },
    ],
  },
  { bsn: demoBsn.joost, name: 'Joost van der Meer', product: 1, daysAgo: 8, text: 'Twee populieren langs de sloot.', steps: [] },
  {
    bsn: demoBsn.eva,
    name: 'Eva Bakker',
    product: 2,
    daysAgo: 45,
    text: 'Standplaats voor een viskraam op woensdag.',
    steps: [
      { kind: 'claim', daysAgo: 40 },
      { kind: 'decide', daysAgo: 20, outcome: 'refused', motivation: 'Op woensdag zijn alle standplaatsen op deze plek al vergeven.' },
    ],
  },
];

const session = { sessionId: 'demo-seed', loa: 'substantial' as const };

export async function seedDemoCases(ctx: ModuleContext): Promise<void> {
  if (await store.hasCases(ctx.database.db)) return;
  const services = [];
  for (const uri of products) {
    const found = await publishedServiceOf(ctx, organisationCode, uri);
    if (found) services.push(found.service);
  }
  if (services.length === 0) return;
  const now = ctx.clock.now().getTime();
  const at = (daysAgo: number): ModuleContext => ({ ...ctx, clock: fixedClock(now - daysAgo * DAY) });
  const official: Principal = {
    kind: 'official',
    officialId: demoOfficialId.caseHandler,
    organisationCode,
    roles: ['case_handler'],
    name: 'Femke Jansen',
    ...session,
  };
  let n = 0;
  for (const c of cases) {
    const service = services[c.product % services.length];
    if (!service) continue;
    const applicant: Principal = { kind: 'person', bsn: c.bsn, name: c.name, ...session };
    const submitted = await submitApplication(at(c.daysAgo), applicant, {
      organisationCode,
      serviceId: service.id,
      answers: { toelichting: c.text },
      idempotencyKey: `demo-case-${String(++n).padStart(3, '0')}`,
    });
    if (!submitted.ok) throw new Error(`demo case: ${submitted.failure.detail}`);
    const id = submitted.value.case.id;
    for (const step of c.steps) {
      const when = at(step.daysAgo);
      const done =
        step.kind === 'claim'
          ? await claimCase(when, official, organisationCode, id)
          : step.kind === 'request'
            ? await requestInformation(when, official, organisationCode, id, {
                message: step.message,
                completeBy: fixedClock(now - (step.daysAgo - step.completeInDays) * DAY).today(),
              })
            : await decideCase(when, official, organisationCode, id, {
                outcome: step.outcome,
                motivation: step.motivation,
                legalBasis: 'Algemene Plaatselijke Verordening Amsterdam',
              });
      if (!done.ok) throw new Error(`demo case step ${step.kind}: ${done.failure.detail}`);
    }
  }
}
