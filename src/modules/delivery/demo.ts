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

const organisationCode = 'GM0363';
const DAY = 86_400_000;
const term = (name: string): string => `http://standaarden.overheid.nl/owms/terms/${name}`;

type Step =
  | { kind: 'claim'; daysAgo: number }
  | { kind: 'request'; daysAgo: number; message: string; completeInDays: number }
  | { kind: 'decide'; daysAgo: number; outcome: 'granted' | 'refused'; motivation: string };

/** What a demo applicant applies for: the first of `options` that Amsterdam publishes (a demo service may be a draft), with a text that fits it. */
interface DemoCase {
  bsn: string;
  name: string;
  options: readonly { product: string; text: string }[];
  daysAgo: number;
  steps: Step[];
}

const cases: readonly DemoCase[] = [
  {
    bsn: demoBsn.sanne,
    name: 'Sanne de Vries',
    options: [
      { product: 'gehandicaptenparkeerkaart', text: 'Ik kan door mijn knieoperatie niet ver lopen en vraag een parkeerkaart aan.' },
      { product: 'parkeerontheffing', text: 'Ik kan door mijn knieoperatie niet ver lopen en wil dicht bij huis parkeren.' },
    ],
    daysAgo: 12,
    steps: [
      { kind: 'claim', daysAgo: 10 },
      { kind: 'request', daysAgo: 3, message: 'Stuur ons een verklaring van uw arts over hoe ver u kunt lopen.', completeInDays: 14 },
    ],
  },
  {
    bsn: demoBsn.sanne,
    name: 'Sanne de Vries',
    options: [
      { product: 'omgevingsvergunning_kap', text: 'De esdoorn in mijn achtertuin is ziek en moet weg.' },
      { product: 'stookonth', text: 'Ik wil het snoeihout van de zieke esdoorn in mijn tuin verbranden.' },
    ],
    daysAgo: 40,
    steps: [
      { kind: 'claim', daysAgo: 35 },
      { kind: 'decide', daysAgo: 5, outcome: 'granted', motivation: 'De boom is ziek; onze boomdeskundige heeft dat bevestigd.' },
    ],
  },
  {
    bsn: demoBsn.sanne,
    name: 'Sanne de Vries',
    options: [
      { product: 'standplaatsvergunning', text: 'Ik wil op zaterdag een bloemenkraam zetten op het Ten Katemarktplein.' },
      { product: 'ventvergunning', text: 'Ik wil op zaterdag bloemen verkopen in de Kinkerbuurt.' },
    ],
    daysAgo: 64,
    steps: [{ kind: 'claim', daysAgo: 50 }],
  },
  {
    bsn: demoBsn.mohamed,
    name: 'Mohamed El Amrani',
    options: [{ product: 'ligplaatsvergunning', text: 'Ik vraag een ligplaats aan voor mijn woonboot aan de Amstel.' }],
    daysAgo: 2,
    steps: [],
  },
  {
    bsn: demoBsn.fatima,
    name: 'Fatima Bouzid',
    options: [
      { product: 'gehandicaptenparkeerkaart_passagier', text: 'Ik vraag een parkeerkaart aan voor mijn moeder, die ik vaak rijd.' },
    ],
    daysAgo: 5,
    steps: [],
  },
  {
    bsn: demoBsn.kees,
    name: 'Kees Jansen',
    options: [{ product: 'snuffelmarktvergunning', text: 'Ik organiseer op 14 maart een rommelmarkt in het buurthuis.' }],
    daysAgo: 20,
    steps: [{ kind: 'claim', daysAgo: 18 }],
  },
  {
    bsn: demoBsn.ingrid,
    name: 'Ingrid Smit',
    options: [{ product: 'zondagsrustverstoring_ontheffing', text: 'Ons koor geeft op zondag 21 juni een concert in het park.' }],
    daysAgo: 58,
    steps: [],
  },
  {
    bsn: demoBsn.emre,
    name: 'Emre Yılmaz',
    options: [{ product: 'huisvestingsvergunning', text: 'Ik wil met mijn gezin de woning aan de Jan Evertsenstraat huren.' }],
    daysAgo: 30,
    steps: [
      { kind: 'claim', daysAgo: 28 },
      { kind: 'request', daysAgo: 25, message: 'Stuur ons uw huurcontract en een bewijs van uw inkomen.', completeInDays: 14 },
    ],
  },
  {
    bsn: demoBsn.joost,
    name: 'Joost van der Meer',
    options: [{ product: 'omgevingsvergunning_kap', text: 'Twee populieren langs de sloot zijn gevaarlijk geworden.' }],
    daysAgo: 8,
    steps: [],
  },
  {
    bsn: demoBsn.eva,
    name: 'Eva Bakker',
    options: [{ product: 'standplaatsvergunning', text: 'Ik wil op woensdag een viskraam zetten op de Lindengracht.' }],
    daysAgo: 45,
    steps: [
      { kind: 'claim', daysAgo: 40 },
      { kind: 'decide', daysAgo: 20, outcome: 'refused', motivation: 'Op woensdag zijn alle standplaatsen op deze plek al vergeven.' },
    ],
  },
];

/** The UPL products the demo cases use (URI suffixes). */
export const demoCaseProducts: readonly string[] = [...new Set(cases.flatMap((c) => c.options.map((o) => o.product)))];

const session = { sessionId: 'demo-seed', loa: 'substantial' as const };

export async function seedDemoCases(ctx: ModuleContext): Promise<void> {
  if (await store.hasCases(ctx.database.db)) return;
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
    let chosen: { serviceId: string; text: string } | undefined;
    for (const option of c.options) {
      const found = await publishedServiceOf(ctx, organisationCode, term(option.product));
      if (found) {
        chosen = { serviceId: found.service.id, text: option.text };
        break;
      }
    }
    if (!chosen) continue;
    const applicant: Principal = { kind: 'person', bsn: c.bsn, name: c.name, ...session };
    const submitted = await submitApplication(at(c.daysAgo), applicant, {
      organisationCode,
      serviceId: chosen.serviceId,
      answers: { toelichting: chosen.text },
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
