// The demo set: a few thousand people in a dozen municipalities (generated like the nation), plus
// hand-made cases every demo needs — a family with minors, each kind of court registration, a
// deceased person, someone about to turn 18, a guardian, businesses of several legal forms with
// their functionaries — and officials of five organisations covering every role. `demoIdentities`
// lists who the demo login page offers; their numbers and ids never change.
import { recordAudit, systemActor } from '../../../platform/audit/index.ts';
import type { Role } from '../../../platform/auth/model.ts';
import { inTransaction, type Database } from '../../../platform/db/index.ts';
import type { Clock } from '../../../platform/time/index.ts';
import type { DemoIdentity } from '../identity/model.ts';
import type { CourtRegistrationKind, LegalForm } from '../people/model.ts';
import {
  Days,
  businessesBefore,
  emptyRows,
  generateChunk,
  pushBranch,
  pushBusiness,
  pushPerson,
  rowCount,
  seedTables,
  type Rows,
  type SeedTable,
} from './generate.ts';
import { numberRanges } from './identifiers.ts';
import type { Surname } from './names.ts';
import { Places, type AddressValues } from './places.ts';
import { hasPersons, insertAll } from './store.ts';

export type { DemoIdentity };

export type SeedSummary = { skipped: true } | { skipped: false; rows: Record<SeedTable, number>; total: number };

/** The municipalities the demo's population lives in. */
export const demoMunicipalities = [
  'GM0363',
  'GM0599',
  'GM0518',
  'GM0344',
  'GM0014',
  'GM0772',
  'GM0193',
  'GM0935',
  'GM0080',
  'GM0034',
  'GM0202',
  'GM0153',
] as const;
export const DEMO_PERSONS = 3000;
export const DEMO_SEED = 42;

// ---------------------------------------------------------------------------------------------
// Hand-made people: BSNs from the RvIG test range 99999xxxx (all pass the elfproef)
// ---------------------------------------------------------------------------------------------

export const demoBsn = {
  sanne: '999990007',
  mohamed: '999990019',
  fatima: '999990020',
  yasmina: '999990032',
  adam: '999990044',
  anna: '999990056',
  pieter: '999990068',
  kees: '999990081',
  maria: '999990093',
  ingrid: '999990111',
  hendrik: '999990123',
  lotte: '999990135',
  eva: '999990147',
  thomas: '999990159',
  emre: '999990160',
  joost: '999990172',
  ayse: '999990184',
  bas: '999990196',
  femke: '999990202',
  noah: '999990214',
  tom: '999990226',
  willem: '999990238',
  priya: '999990251',
  gerrit: '999990263',
} as const;

export const demoKvk = {
  kapsalon: '90000000',
  noordlicht: '90000001',
  dewit: '90000002',
  voedselbank: '90000003',
} as const;

/** Stable ids of the demo officials (UUIDv7, fixed). */
export const demoOfficialId = {
  caseHandler: '01a22688-5a80-71f3-96f6-91bc41bd6a79',
  complaintHandler: '01a22688-5e68-7786-a393-a96502dba1e3',
  objectionCommittee: '01a22688-6250-7860-93cf-db8604f1efee',
  serviceDesigner: '01a22688-6638-7bc9-be04-f120c9e2215b',
  qualityManager: '01a22688-6a20-79ef-95e5-78778e98607d',
  electionOfficial: '01a22688-6e08-712e-9666-351fdce85f56',
  electionOfficial2: '01a22688-6f10-7a1b-8c2d-3e4f5a6b7c8d',
  electionCoordinator: '01a22688-7018-7b2c-9d3e-4f5a6b7c8d9e',
  administrator: '01a22688-71f0-7760-bd5e-a29bf79715a9',
  representative: '01a22688-75d8-7d77-99c7-93f6632f9e87',
  ombudsman: '01a22688-79c0-7cc9-b387-babb318698bd',
  uwvCaseHandler: '01a22688-7da8-748d-9896-d62f39c62c99',
  utrechtCaseHandler: '01a22688-8190-7a55-a861-61cce494ebe2',
  groningenCaseHandler: '01a22688-8578-7541-babc-9a92b6604988',
  bzkQuality: '01a22688-8960-7a64-84fd-403121ed13c1',
  formerAdministrator: '01a22688-8d48-7438-8c21-2ad2c01afeb9',
} as const;

const courtRegistrationId = {
  curatele: '01a22688-9130-7ef3-9909-56c6bd3965b3',
  beschermingsbewind: '01a22688-9518-73e8-8ac0-de4d4d699156',
  mentorschap: '01a22688-9900-7c80-b09a-08f6fcf92731',
} as const;

type Address = Omit<AddressValues, 'municipality'>;
const at = (
  street: string,
  houseNumber: number,
  houseNumberAddition: string | null,
  postcode: string,
  city: string,
  municipalityCode: string,
): Address => ({
  street,
  houseNumber,
  houseNumberAddition,
  postcode,
  city,
  municipalityCode,
});

const addresses = {
  kinkerstraat: at('Kinkerstraat', 112, '2', '1053EC', 'Amsterdam', 'GM0363'),
  biltstraat: at('Biltstraat', 88, null, '3572BE', 'Utrecht', 'GM0344'),
  oosterstraat: at('Oosterstraat', 21, 'A', '9711NN', 'Groningen', 'GM0014'),
  helperzoom: at('Helperzoom', 140, null, '9722BK', 'Groningen', 'GM0014'),
  binnenweg: at('Nieuwe Binnenweg', 150, 'B', '3015BH', 'Rotterdam', 'GM0599'),
  beijerlandselaan: at('Beijerlandselaan', 61, '3', '3074EE', 'Rotterdam', 'GM0599'),
  diezerstraat: at('Diezerstraat', 12, null, '8011RJ', 'Zwolle', 'GM0193'),
  thorbeckegracht: at('Thorbeckegracht', 45, null, '8011VM', 'Zwolle', 'GM0193'),
  tongersestraat: at('Tongersestraat', 17, null, '6211LL', 'Maastricht', 'GM0935'),
  kruisstraat: at('Kruisstraat', 33, null, '5612CE', 'Eindhoven', 'GM0772'),
  boschdijk: at('Boschdijk', 402, null, '5621JB', 'Eindhoven', 'GM0772'),
  weimarstraat: at('Weimarstraat', 210, null, '2562HJ', "'s-Gravenhage", 'GM0518'),
  ceintuurbaan: at('Ceintuurbaan', 280, 'hs', '1072GL', 'Amsterdam', 'GM0363'),
  kanaalstraat: at('Kanaalstraat', 9, null, '3531CA', 'Utrecht', 'GM0344'),
  twijnstraat: at('Twijnstraat', 50, '1', '3511ZL', 'Utrecht', 'GM0344'),
  lange: at('Lange Nieuwstraat', 77, null, '3512PE', 'Utrecht', 'GM0344'),
  zuiderdiep: at('Zuiderdiep', 58, null, '9711HK', 'Groningen', 'GM0014'),
  voorstreek: at('Voorstreek', 30, null, '8911JP', 'Leeuwarden', 'GM0080'),
  vaartweg: at('Kanaalweg', 4, null, '3526KL', 'Utrecht', 'GM0344'),
} as const;

interface HandMade {
  bsn: string;
  givenNames: string;
  name: Surname;
  /** Age today and how many days past the last birthday (negative: the birthday is that many days ahead, for "turns 18 soon"). */
  age: number;
  daysPast: number;
  address: Address;
  /** Died this many days ago. */
  diedDaysAgo?: number;
}

const handMade: readonly HandMade[] = [
  { bsn: demoBsn.sanne, givenNames: 'Sanne', name: ['de', 'Vries'], age: 34, daysPast: 47, address: addresses.kinkerstraat },
  { bsn: demoBsn.mohamed, givenNames: 'Mohamed', name: [null, 'El Amrani'], age: 41, daysPast: 120, address: addresses.biltstraat },
  { bsn: demoBsn.fatima, givenNames: 'Fatima', name: [null, 'Bouzid'], age: 39, daysPast: 200, address: addresses.biltstraat },
  { bsn: demoBsn.yasmina, givenNames: 'Yasmina', name: [null, 'El Amrani'], age: 9, daysPast: 31, address: addresses.biltstraat },
  { bsn: demoBsn.adam, givenNames: 'Adam', name: [null, 'El Amrani'], age: 6, daysPast: 250, address: addresses.biltstraat },
  { bsn: demoBsn.anna, givenNames: 'Anna Catharina', name: [null, 'Visser'], age: 47, daysPast: 5, address: addresses.helperzoom },
  {
    bsn: demoBsn.pieter,
    givenNames: 'Pieter Johannes',
    name: ['van den', 'Berg'],
    age: 58,
    daysPast: 300,
    address: addresses.oosterstraat,
  },
  { bsn: demoBsn.kees, givenNames: 'Kees', name: [null, 'Jansen'], age: 29, daysPast: 90, address: addresses.beijerlandselaan },
  { bsn: demoBsn.maria, givenNames: 'Maria Wilhelmina', name: [null, 'Smit'], age: 83, daysPast: 150, address: addresses.diezerstraat },
  { bsn: demoBsn.ingrid, givenNames: 'Ingrid', name: [null, 'Smit'], age: 55, daysPast: 12, address: addresses.thorbeckegracht },
  {
    bsn: demoBsn.hendrik,
    givenNames: 'Hendrik',
    name: [null, 'Mulder'],
    age: 79,
    daysPast: 100,
    address: addresses.tongersestraat,
    diedDaysAgo: 61,
  },
  { bsn: demoBsn.lotte, givenNames: 'Lotte', name: [null, 'Bakker'], age: 17, daysPast: -10, address: addresses.kruisstraat },
  { bsn: demoBsn.eva, givenNames: 'Eva', name: [null, 'Bakker'], age: 46, daysPast: 70, address: addresses.kruisstraat },
  { bsn: demoBsn.thomas, givenNames: 'Thomas', name: [null, 'Meijer'], age: 48, daysPast: 222, address: addresses.boschdijk },
  { bsn: demoBsn.emre, givenNames: 'Emre', name: [null, 'Yılmaz'], age: 37, daysPast: 18, address: addresses.beijerlandselaan },
  { bsn: demoBsn.joost, givenNames: 'Joost', name: ['van der', 'Meer'], age: 52, daysPast: 40, address: addresses.helperzoom },
  { bsn: demoBsn.ayse, givenNames: 'Ayşe', name: [null, 'Kaya'], age: 45, daysPast: 310, address: addresses.zuiderdiep },
  { bsn: demoBsn.bas, givenNames: 'Bas', name: ['de', 'Wit'], age: 33, daysPast: 64, address: addresses.weimarstraat },
  { bsn: demoBsn.femke, givenNames: 'Femke', name: [null, 'Hoekstra'], age: 31, daysPast: 180, address: addresses.weimarstraat },
  { bsn: demoBsn.noah, givenNames: 'Noah', name: [null, 'Peters'], age: 12, daysPast: 95, address: addresses.ceintuurbaan },
  { bsn: demoBsn.tom, givenNames: 'Tom', name: [null, 'Peters'], age: 44, daysPast: 20, address: addresses.ceintuurbaan },
  { bsn: demoBsn.willem, givenNames: 'Willem', name: ['de', 'Graaf'], age: 67, daysPast: 3, address: addresses.kanaalstraat },
  { bsn: demoBsn.priya, givenNames: 'Priya', name: [null, 'Sharma'], age: 38, daysPast: 160, address: addresses.twijnstraat },
  { bsn: demoBsn.gerrit, givenNames: 'Gerrit', name: [null, 'Hoekstra'], age: 71, daysPast: 260, address: addresses.lange },
];

interface HandMadeBusiness {
  kvkNumber: string;
  name: string;
  legalForm: LegalForm;
  registeredOn: string;
  address: Address;
  extraBranches: readonly Address[];
  functionaries: readonly {
    bsn: string;
    role: 'owner' | 'director' | 'partner' | 'authorised_signatory' | 'board_member';
    authority: 'sole' | 'joint' | 'limited';
  }[];
}

const handMadeBusinesses: readonly HandMadeBusiness[] = [
  {
    kvkNumber: demoKvk.kapsalon,
    name: 'Kapsalon Yılmaz',
    legalForm: 'eenmanszaak',
    registeredOn: '2019-03-01',
    address: addresses.binnenweg,
    extraBranches: [],
    functionaries: [{ bsn: demoBsn.emre, role: 'owner', authority: 'sole' }],
  },
  {
    kvkNumber: demoKvk.noordlicht,
    name: 'Noordlicht Techniek B.V.',
    legalForm: 'bv',
    registeredOn: '2012-05-14',
    address: addresses.zuiderdiep,
    extraBranches: [addresses.voorstreek],
    functionaries: [
      { bsn: demoBsn.joost, role: 'director', authority: 'joint' },
      { bsn: demoBsn.ayse, role: 'director', authority: 'joint' },
    ],
  },
  {
    kvkNumber: demoKvk.dewit,
    name: 'De Wit & Hoekstra V.O.F.',
    legalForm: 'vof',
    registeredOn: '2021-09-01',
    address: addresses.weimarstraat,
    extraBranches: [],
    functionaries: [
      { bsn: demoBsn.bas, role: 'partner', authority: 'sole' },
      { bsn: demoBsn.femke, role: 'partner', authority: 'sole' },
    ],
  },
  {
    kvkNumber: demoKvk.voedselbank,
    name: 'Stichting Voedselbank Utrecht',
    legalForm: 'stichting',
    registeredOn: '2005-11-10',
    address: addresses.vaartweg,
    extraBranches: [],
    functionaries: [
      { bsn: demoBsn.willem, role: 'board_member', authority: 'joint' },
      { bsn: demoBsn.priya, role: 'board_member', authority: 'joint' },
      { bsn: demoBsn.gerrit, role: 'board_member', authority: 'joint' },
    ],
  },
];

interface DemoOfficial {
  id: string;
  name: string;
  email: string;
  organisationCode: string;
  roles: readonly Role[];
  active: boolean;
}

const officials: readonly DemoOfficial[] = [
  {
    id: demoOfficialId.caseHandler,
    name: 'Femke Jansen',
    email: 'f.jansen@amsterdam.nl',
    organisationCode: 'GM0363',
    roles: ['case_handler'],
    active: true,
  },
  {
    id: demoOfficialId.complaintHandler,
    name: 'Rachid Bouali',
    email: 'r.bouali@utrecht.nl',
    organisationCode: 'GM0344',
    roles: ['complaint_handler'],
    active: true,
  },
  {
    id: demoOfficialId.objectionCommittee,
    name: 'Jeroen Dekker',
    email: 'j.dekker@amsterdam.nl',
    organisationCode: 'GM0363',
    roles: ['objection_committee'],
    active: true,
  },
  {
    id: demoOfficialId.serviceDesigner,
    name: 'Lisa van Dam',
    email: 'lisa.van.dam@minbzk.nl',
    organisationCode: 'MIN-BZK',
    roles: ['service_designer'],
    active: true,
  },
  {
    id: demoOfficialId.qualityManager,
    name: 'Mark Hoekstra',
    email: 'm.hoekstra@groningen.nl',
    organisationCode: 'GM0014',
    roles: ['quality_manager'],
    active: true,
  },
  {
    id: demoOfficialId.electionOfficial,
    name: 'Anouk Visser',
    email: 'a.visser@groningen.nl',
    organisationCode: 'GM0014',
    roles: ['election_official'],
    active: true,
  },
  {
    id: demoOfficialId.electionOfficial2,
    name: 'Pieter Smit',
    email: 'p.smit@groningen.nl',
    organisationCode: 'GM0014',
    roles: ['election_official'],
    active: true,
  },
  {
    id: demoOfficialId.electionCoordinator,
    name: 'Ingrid Bakker',
    email: 'i.bakker@groningen.nl',
    organisationCode: 'GM0014',
    roles: ['election_coordinator'],
    active: true,
  },
  {
    id: demoOfficialId.administrator,
    name: 'Sander de Boer',
    email: 's.deboer@utrecht.nl',
    organisationCode: 'GM0344',
    roles: ['administrator'],
    active: true,
  },
  {
    id: demoOfficialId.representative,
    name: 'Nadia El Idrissi',
    email: 'n.elidrissi@utrecht.nl',
    organisationCode: 'GM0344',
    roles: ['representative'],
    active: true,
  },
  {
    id: demoOfficialId.ombudsman,
    name: 'Marieke Kuipers',
    email: 'm.kuipers@amsterdam.nl',
    organisationCode: 'GM0363',
    roles: ['ombudsman'],
    active: true,
  },
  {
    id: demoOfficialId.uwvCaseHandler,
    name: 'Peter Willems',
    email: 'peter.willems@uwv.nl',
    organisationCode: 'UWV',
    roles: ['case_handler', 'complaint_handler'],
    active: true,
  },
  {
    id: demoOfficialId.utrechtCaseHandler,
    name: 'Yara Demir',
    email: 'y.demir@utrecht.nl',
    organisationCode: 'GM0344',
    roles: ['case_handler'],
    active: true,
  },
  {
    id: demoOfficialId.groningenCaseHandler,
    name: 'Klaas Dijkstra',
    email: 'k.dijkstra@groningen.nl',
    organisationCode: 'GM0014',
    roles: ['case_handler', 'objection_committee'],
    active: true,
  },
  {
    id: demoOfficialId.bzkQuality,
    name: 'Eva Brouwer',
    email: 'eva.brouwer@minbzk.nl',
    organisationCode: 'MIN-BZK',
    roles: ['quality_manager', 'service_designer'],
    active: true,
  },
  {
    id: demoOfficialId.formerAdministrator,
    name: 'Hans Smits',
    email: 'h.smits@amsterdam.nl',
    organisationCode: 'GM0363',
    roles: ['administrator'],
    active: false,
  },
];

const official = (key: string, id: string, nl: string, en: string, dnl: string, den: string): DemoIdentity => ({
  key,
  label: { nl, en },
  description: { nl: dnl, en: den },
  kind: 'official',
  officialId: id,
});

/** Who the demo login page offers. */
export const demoIdentities: readonly DemoIdentity[] = [
  {
    key: 'citizen',
    label: { nl: 'Sanne de Vries', en: 'Sanne de Vries' },
    description: { nl: 'Inwoner van Amsterdam, 34 jaar.', en: 'Resident of Amsterdam, aged 34.' },
    kind: 'person',
    bsn: demoBsn.sanne,
  },
  {
    key: 'parent',
    label: { nl: 'Mohamed El Amrani', en: 'Mohamed El Amrani' },
    description: {
      nl: 'Vader van Yasmina (9) en Adam (6). Heeft samen met Fatima Bouzid het gezag.',
      en: 'Father of Yasmina (9) and Adam (6). Has parental authority together with Fatima Bouzid.',
    },
    kind: 'person',
    bsn: demoBsn.mohamed,
  },
  {
    key: 'curator',
    label: { nl: 'Anna Visser', en: 'Anna Visser' },
    description: {
      nl: 'Curator van Pieter van den Berg en bewindvoerder van Kees Jansen.',
      en: 'Curator of Pieter van den Berg and trustee (bewindvoerder) of Kees Jansen.',
    },
    kind: 'person',
    bsn: demoBsn.anna,
  },
  {
    key: 'curandus',
    label: { nl: 'Pieter van den Berg', en: 'Pieter van den Berg' },
    description: {
      nl: 'Staat onder curatele. Anna Visser is zijn curator.',
      en: 'Under curatele (guardianship). Anna Visser is his curator.',
    },
    kind: 'person',
    bsn: demoBsn.pieter,
  },
  {
    key: 'mentor',
    label: { nl: 'Ingrid Smit', en: 'Ingrid Smit' },
    description: { nl: 'Mentor van haar moeder Maria Smit (83).', en: 'Mentor of her mother Maria Smit (83).' },
    kind: 'person',
    bsn: demoBsn.ingrid,
  },
  {
    key: 'turning-18',
    label: { nl: 'Lotte Bakker', en: 'Lotte Bakker' },
    description: {
      nl: 'Wordt over 10 dagen 18. Haar ouders hebben tot dan het gezag.',
      en: 'Turns 18 in 10 days. Her parents have authority until then.',
    },
    kind: 'person',
    bsn: demoBsn.lotte,
  },
  {
    key: 'guardian',
    label: { nl: 'Tom Peters', en: 'Tom Peters' },
    description: { nl: 'Voogd van zijn neef Noah Peters (12).', en: 'Guardian (voogd) of his nephew Noah Peters (12).' },
    kind: 'person',
    bsn: demoBsn.tom,
  },
  {
    key: 'sole-trader',
    label: { nl: 'Kapsalon Yılmaz', en: 'Kapsalon Yılmaz' },
    description: {
      nl: 'Eenmanszaak in Rotterdam. U logt in als eigenaar Emre Yılmaz.',
      en: 'Sole proprietorship in Rotterdam. You log in as the owner, Emre Yılmaz.',
    },
    kind: 'business',
    kvkNumber: demoKvk.kapsalon,
    actingBsn: demoBsn.emre,
  },
  {
    key: 'bv-director',
    label: { nl: 'Noordlicht Techniek B.V.', en: 'Noordlicht Techniek B.V.' },
    description: {
      nl: 'U logt in als bestuurder Joost van der Meer. Hij is samen met Ayşe Kaya bevoegd: ze moeten samen tekenen.',
      en: 'You log in as director Joost van der Meer. He has joint authority with Ayşe Kaya: they must sign together.',
    },
    kind: 'business',
    kvkNumber: demoKvk.noordlicht,
    actingBsn: demoBsn.joost,
  },
  official(
    'official-case-handler',
    demoOfficialId.caseHandler,
    'Femke Jansen — zaakbehandelaar',
    'Femke Jansen — case handler',
    'Behandelt aanvragen bij de gemeente Amsterdam.',
    'Handles applications at the municipality of Amsterdam.',
  ),
  official(
    'official-complaint-handler',
    demoOfficialId.complaintHandler,
    'Rachid Bouali — klachtbehandelaar',
    'Rachid Bouali — complaint handler',
    'Behandelt klachten bij de gemeente Utrecht.',
    'Handles complaints at the municipality of Utrecht.',
  ),
  official(
    'official-objection-committee',
    demoOfficialId.objectionCommittee,
    'Jeroen Dekker — bezwaarcommissie',
    'Jeroen Dekker — objection committee',
    'Lid van de adviescommissie bezwaarschriften van Amsterdam.',
    'Member of the objections advisory committee of Amsterdam.',
  ),
  official(
    'official-service-designer',
    demoOfficialId.serviceDesigner,
    'Lisa van Dam — dienstontwerper',
    'Lisa van Dam — service designer',
    'Ontwerpt diensten bij het ministerie van BZK.',
    'Designs services at the Ministry of the Interior (BZK).',
  ),
  official(
    'official-quality-manager',
    demoOfficialId.qualityManager,
    'Mark Hoekstra — kwaliteitsmanager',
    'Mark Hoekstra — quality manager',
    'Bewaakt de kwaliteit van de diensten van Groningen.',
    'Watches the quality of the services of Groningen.',
  ),
  official(
    'official-election-official',
    demoOfficialId.electionOfficial,
    'Anouk Visser — verkiezingsmedewerker',
    'Anouk Visser — election official',
    'Organiseert de verkiezingen in Groningen.',
    'Runs the elections in Groningen.',
  ),
  official(
    'official-election-official-2',
    demoOfficialId.electionOfficial2,
    'Pieter Smit — verkiezingsmedewerker',
    'Pieter Smit — election official',
    'Voert als tweede de uitslagen van stembureaus in Groningen in.',
    'Makes the second entry of polling-station results in Groningen.',
  ),
  official(
    'official-election-coordinator',
    demoOfficialId.electionCoordinator,
    'Ingrid Bakker — coördinator verkiezingen',
    'Ingrid Bakker — election coordinator',
    'Lost verschillen tussen invoer op en stelt de uitslag vast in Groningen.',
    'Resolves differences between entries and finalises the result in Groningen.',
  ),
  official(
    'official-administrator',
    demoOfficialId.administrator,
    'Sander de Boer — beheerder',
    'Sander de Boer — administrator',
    'Beheert Loket voor de gemeente Utrecht.',
    'Manages Loket for the municipality of Utrecht.',
  ),
  official(
    'official-representative',
    demoOfficialId.representative,
    'Nadia El Idrissi — volksvertegenwoordiger',
    'Nadia El Idrissi — representative',
    'Gemeenteraadslid in Utrecht: stuurt op beleid en kwaliteit van de diensten.',
    'Member of the Utrecht municipal council: steers on policy and the quality of services.',
  ),
  official(
    'official-ombudsman',
    demoOfficialId.ombudsman,
    'Marieke Kuipers — ombudsman',
    'Marieke Kuipers — ombudsman',
    'Behandelt klachten over de gemeente Amsterdam na de gemeente zelf.',
    'Handles complaints about the municipality of Amsterdam after the municipality itself.',
  ),
];

/** The hand-made rows (persons, authority, court registrations, businesses, officials). */
function handMadeRows(days: Days, updatedAt: string): Rows {
  const rows = emptyRows();
  const birth = new Map<string, number>();
  for (const p of handMade) {
    // daysPast ≥ 0: had the birthday that many days ago; < 0: has it in −daysPast days (one year younger until then).
    const b = p.daysPast >= 0 ? days.yearsAgo(p.age) - p.daysPast : days.yearsAgo(p.age + 1) - p.daysPast;
    birth.set(p.bsn, b);
    const deathDate = p.diedDaysAgo === undefined ? null : days.iso(days.today - p.diedDaysAgo);
    pushPerson(
      rows,
      { bsn: p.bsn, givenNames: p.givenNames, name: p.name, birthDate: days.iso(b), deathDate, address: p.address },
      updatedAt,
    );
  }
  const born = (bsn: string): number => {
    const b = birth.get(bsn);
    if (b === undefined) throw new Error(`no hand-made person ${bsn}`);
    return b;
  };
  const authority = (child: string, holder: string, kind: 'parent' | 'guardian', from?: number): void => {
    rows.person_authority.push(child, holder, kind, days.iso(from ?? born(child)), days.anniversary(born(child), 18));
  };
  authority(demoBsn.yasmina, demoBsn.mohamed, 'parent');
  authority(demoBsn.yasmina, demoBsn.fatima, 'parent');
  authority(demoBsn.adam, demoBsn.mohamed, 'parent');
  authority(demoBsn.adam, demoBsn.fatima, 'parent');
  // Divorced parents keep joint authority.
  authority(demoBsn.lotte, demoBsn.eva, 'parent');
  authority(demoBsn.lotte, demoBsn.thomas, 'parent');
  // Noah's uncle became his guardian when Noah was three.
  authority(demoBsn.noah, demoBsn.tom, 'guardian', born(demoBsn.noah) + 3 * 365 + 40);

  const court = (kind: CourtRegistrationKind, person: string, representative: string, from: string): void => {
    rows.court_registration.push(courtRegistrationId[kind], person, representative, kind, from, null);
  };
  court('curatele', demoBsn.pieter, demoBsn.anna, '2019-04-15');
  court('beschermingsbewind', demoBsn.kees, demoBsn.anna, '2023-02-01');
  court('mentorschap', demoBsn.maria, demoBsn.ingrid, '2022-10-03');

  handMadeBusinesses.forEach((b, i) => {
    pushBusiness(
      rows,
      { kvkNumber: b.kvkNumber, name: b.name, legalForm: b.legalForm, registeredOn: b.registeredOn, endedOn: null, address: b.address },
      updatedAt,
    );
    const branch = (n: number): string => String(numberRanges.curated.branchBase + i * 4 + n).padStart(12, '0');
    pushBranch(rows, { branchNumber: branch(0), kvkNumber: b.kvkNumber, name: b.name, isMain: true, address: b.address });
    b.extraBranches.forEach((a, n) => {
      pushBranch(rows, {
        branchNumber: branch(n + 1),
        kvkNumber: b.kvkNumber,
        name: `${b.name.replace(/ B\.V\.$/, '')} ${a.city}`,
        isMain: false,
        address: a,
      });
    });
    for (const f of b.functionaries) rows.business_functionary.push(b.kvkNumber, f.bsn, f.role, f.authority, b.registeredOn, null);
  });

  for (const o of officials) {
    rows.official.push(o.id, null, o.name, o.email, o.organisationCode, o.active, updatedAt);
    for (const role of o.roles) rows.official_role.push(o.id, role);
  }
  return rows;
}

function merge(a: Rows, b: Rows): Rows {
  const out = emptyRows();
  for (const t of seedTables) out[t] = [...a[t], ...b[t]];
  return out;
}

/** All rows of the demo, for `clock` and `seed` (pure: the same inputs give the same rows). */
export function demoRows(clock: Clock, seed = DEMO_SEED): Rows {
  const updatedAt = clock.now().toISOString();
  const days = new Days(clock.today());
  const places = new Places({ only: demoMunicipalities });
  const population = generateChunk({
    seed,
    chunk: 0,
    personStart: 0,
    persons: DEMO_PERSONS,
    businessStart: 0,
    businesses: businessesBefore(DEMO_PERSONS),
    ranges: numberRanges.demo,
    days,
    updatedAt,
    places,
  });
  return merge(handMadeRows(days, updatedAt), population);
}

/** Fills an empty register with the demo set; does nothing when persons already exist. */
export async function seedDemo(database: Database, clock: Clock, seed = DEMO_SEED): Promise<SeedSummary> {
  return inTransaction(database.db, async (trx) => {
    if (await hasPersons(trx)) return { skipped: true };
    const rows = demoRows(clock, seed);
    const total = await insertAll(trx, database.dialect, rows);
    const counts = Object.fromEntries(seedTables.map((t) => [t, rowCount(rows, t)])) as Record<SeedTable, number>;
    await recordAudit(trx, {
      actor: systemActor,
      action: 'registry.seeded',
      object: { type: 'seed', id: 'demo' },
      at: clock.now(),
      details: { scale: 'demo', seed, rows: counts },
    });
    return { skipped: false, rows: counts, total };
  });
}
