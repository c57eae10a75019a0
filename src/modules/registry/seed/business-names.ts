// Trade names of seeded businesses, by legal form, as they appear in the Handelsregister.
import type { LegalForm } from '../people/model.ts';
import type { Random } from './random.ts';
import type { Surname } from './names.ts';

const trades = [
  'Schildersbedrijf',
  'Kapsalon',
  'Bakkerij',
  'Klussenbedrijf',
  'Installatiebedrijf',
  'Fotografie',
  'Administratiekantoor',
  'Hoveniersbedrijf',
  'Rijschool',
  'Schoonheidssalon',
  'Timmerbedrijf',
  'Loodgietersbedrijf',
  'Tegelzetbedrijf',
  'Koeriersdienst',
  'Vertaalbureau',
  'Fysiotherapie',
  'Grafisch Ontwerp',
  'Dierenpension',
  'Bloemenhuis',
  'Slagerij',
  'Fietsenmaker',
  'Autobedrijf',
  'Stukadoorsbedrijf',
  'Pedicurepraktijk',
  'Yogastudio',
];
const trailing = [
  'Advies',
  'Consultancy',
  'Transport',
  'Bouw',
  'ICT',
  'Zorg',
  'Coaching',
  'Design',
  'Media',
  'Interim',
  'Tekst',
  'Projecten',
];
const words = [
  'Noordlicht',
  'Polder',
  'Delta',
  'Horizon',
  'Windkracht',
  'Lindeboom',
  'Molenwiek',
  'Tulp',
  'Oranje',
  'Duinzicht',
  'Dijkzicht',
  'Rivierland',
  'Eikenhorst',
  'Kompas',
  'Vuurtoren',
  'Klaverblad',
  'Zilvermeeuw',
  'Zeester',
  'Walvis',
  'Regenboog',
  'Sterrenwacht',
  'Veenhof',
  'Heuvelrug',
  'Kanaal',
];
const sectors = [
  'Techniek',
  'Bouw',
  'Logistiek',
  'Installaties',
  'Software',
  'Vastgoed',
  'Advies',
  'Zorg',
  'Media',
  'Energie',
  'Groep',
  'Engineering',
  'Food',
  'Retail',
];
const animals = ['Zwaan', 'Gouden Leeuw', 'Blauwe Reiger', 'Vergulde Hoorn', 'Drie Haringen', 'Witte Os', 'Zwarte Kat', 'Pauw'];

/** "De Vries", "Van der Meer": without a given name before it, the first prefix takes a capital. */
export function surnameAlone(s: Surname): string {
  const [prefix, name] = s;
  if (!prefix) return name;
  return `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)} ${name}`;
}

export function businessName(
  random: Random,
  form: LegalForm,
  owners: readonly Surname[],
  firstName: string,
  place: string,
  street: string,
): string {
  const s1 = surnameAlone(owners[0] ?? [null, 'Jansen']);
  const s2 = surnameAlone(owners[1] ?? owners[0] ?? [null, 'Bakker']);
  switch (form) {
    case 'eenmanszaak': {
      const k = random.int(3);
      if (k === 0) return `${random.pick(trades)} ${s1}`;
      if (k === 1) return `${s1} ${random.pick(trailing)}`;
      // After a given name the prefix stays lower case: "Ellen van Vliet Advies".
      const [prefix, name] = owners[0] ?? [null, 'Jansen'];
      return `${firstName} ${prefix ? `${prefix} ` : ''}${name} ${random.pick(trailing)}`;
    }
    case 'vof':
      return random.chance(0.6) ? `${s1} & ${s2} V.O.F.` : `Eetcafé De ${random.pick(animals)} V.O.F.`;
    case 'maatschap':
      return random.pick([
        `Huisartsenpraktijk ${street}`,
        `Maatschap ${s1} & ${s2}`,
        `Tandartsenpraktijk ${place}`,
        `Advocatenkantoor ${s1} & ${s2}`,
      ]);
    case 'cv':
      return `${random.pick(words)} Beleggingen C.V.`;
    case 'bv':
      return random.chance(0.35) ? `${s1} Holding B.V.` : `${random.pick(words)} ${random.pick(sectors)} B.V.`;
    case 'nv':
      return `${random.pick(words)} ${random.pick(sectors)} N.V.`;
    case 'stichting':
      return random.pick([
        `Stichting Voedselbank ${place}`,
        `Stichting Vrienden van ${place}`,
        `Stichting Dorpshuis ${street}`,
        `Stichting Jeugdwerk ${place}`,
        `Stichting ${random.pick(words)}`,
        `Stichting Kinderopvang ${random.pick(words)}`,
      ]);
    case 'vereniging':
      return random.pick([
        `Vereniging van Eigenaars ${street}`,
        `Voetbalvereniging ${place}`,
        `Tennisvereniging ${random.pick(words)}`,
        `Muziekvereniging ${random.pick(words)}`,
        `Buurtvereniging ${street}`,
      ]);
    case 'cooperatie':
      return random.chance(0.5) ? `Energiecoöperatie ${place} U.A.` : `Coöperatie ${random.pick(words)} U.A.`;
  }
}
