// Where the seeded people live: the 342 municipalities of the reference data, weighted by population,
// with real-looking addresses (street names, house numbers, postcodes in the municipality's range).
import { referenceOrganisations } from '../reference.ts';
import { Random, Weighted, hashSeed } from './random.ts';

/**
 * Inhabitants (thousands, rounded, CBS 1 January 2023) of the larger municipalities. The other
 * municipalities share the rest of the 17.8 million equally (about 28,000 each): "roughly by
 * population", which is what the seed needs.
 */
const population: Readonly<Record<string, number>> = {
  Amsterdam: 918,
  Rotterdam: 664,
  "'s-Gravenhage": 556,
  Utrecht: 367,
  Eindhoven: 238,
  Groningen: 238,
  Tilburg: 227,
  Almere: 218,
  Breda: 185,
  Nijmegen: 181,
  Apeldoorn: 166,
  Arnhem: 165,
  Haarlem: 163,
  Enschede: 160,
  Haarlemmermeer: 160,
  Amersfoort: 160,
  "'s-Hertogenbosch": 158,
  Zaanstad: 158,
  Zwolle: 130,
  Leiden: 127,
  Zoetermeer: 126,
  Leeuwarden: 126,
  Maastricht: 122,
  Dordrecht: 120,
  Ede: 120,
  'Alphen aan den Rijn': 113,
  Westland: 113,
  Alkmaar: 111,
  Emmen: 108,
  Delft: 105,
  Venlo: 102,
  Deventer: 101,
  Purmerend: 93,
  Helmond: 93,
  Oss: 93,
  Amstelveen: 93,
  Hilversum: 93,
  'Sittard-Geleen': 92,
  'Súdwest-Fryslân': 91,
  'Dijk en Waard': 88,
  Heerlen: 87,
  Nissewaard: 86,
  'Hoeksche Waard': 88,
  Meierijstad: 83,
  'Hengelo (O.)': 82,
  'Land van Cuijk': 92,
  Lelystad: 81,
  Schiedam: 80,
  Roosendaal: 78,
  'Leidschendam-Voorburg': 77,
  Gouda: 75,
  Vlaardingen: 75,
  Almelo: 74,
  Hoorn: 74,
  'Voorne aan Zee': 71,
  Velsen: 69,
  Assen: 69,
  Veenendaal: 68,
  'Bergen op Zoom': 68,
  'Capelle aan den IJssel': 67,
  Katwijk: 67,
  Zeist: 66,
  Nieuwegein: 64,
  Lansingerland: 64,
  Hardenberg: 62,
  Barneveld: 61,
  Doetinchem: 59,
  Roermond: 59,
  'Gooise Meren': 59,
  'Pijnacker-Nootdorp': 57,
  Smallingerland: 57,
  'Rijswijk (ZH.)': 57,
  'Den Helder': 56,
  Oosterhout: 56,
  Kampen: 55,
  Heerenveen: 51,
};
const NATION_THOUSANDS = 17_811;

/** Postcode ranges (first four digits) per safety region: roughly where the region's postcodes are. */
const regionPostcodes: Readonly<Record<string, readonly [number, number]>> = {
  VR01: [9500, 9999], // Groningen
  VR02: [8400, 9299], // Fryslân
  VR03: [7740, 7999], // Drenthe (and 94xx below)
  VR04: [7700, 8099], // IJsselland
  VR05: [7400, 7699], // Twente
  VR06: [7000, 7399], // Noord- en Oost-Gelderland
  VR07: [6700, 6999], // Gelderland-Midden
  VR08: [6500, 6699], // Gelderland-Zuid
  VR09: [3400, 3999], // Utrecht
  VR10: [1600, 1899], // Noord-Holland Noord
  VR11: [1440, 1569], // Zaanstreek-Waterland
  VR12: [1940, 2169], // Kennemerland
  VR13: [1000, 1191], // Amsterdam-Amstelland
  VR14: [1200, 1419], // Gooi en Vechtstreek
  VR15: [2490, 2699], // Haaglanden
  VR16: [2200, 2489], // Hollands Midden
  VR17: [3000, 3299], // Rotterdam-Rijnmond
  VR18: [3300, 3399], // Zuid-Holland Zuid
  VR19: [4300, 4599], // Zeeland
  VR20: [4600, 5099], // Midden- en West-Brabant
  VR21: [5200, 5499], // Brabant-Noord
  VR22: [5500, 5799], // Brabant-Zuidoost
  VR23: [5800, 6099], // Limburg-Noord
  VR24: [6100, 6499], // Zuid-Limburg
  VR25: [8200, 8399], // Flevoland
};

/** Real postcode ranges of the larger cities (the rest get a slice of their region's range). */
const cityPostcodes: Readonly<Record<string, readonly [number, number]>> = {
  Amsterdam: [1011, 1109],
  Rotterdam: [3011, 3089],
  "'s-Gravenhage": [2491, 2599],
  Utrecht: [3511, 3585],
  Eindhoven: [5611, 5658],
  Groningen: [9711, 9747],
  Tilburg: [5011, 5049],
  Almere: [1311, 1365],
  Breda: [4811, 4839],
  Nijmegen: [6511, 6546],
  Apeldoorn: [7311, 7339],
  Arnhem: [6811, 6846],
  Haarlem: [2011, 2037],
  Enschede: [7511, 7548],
  Amersfoort: [3811, 3829],
  "'s-Hertogenbosch": [5211, 5249],
  Zwolle: [8011, 8047],
  Leiden: [2311, 2334],
  Leeuwarden: [8911, 8941],
  Maastricht: [6211, 6229],
  Delft: [2611, 2629],
  Lelystad: [8211, 8245],
  Assen: [9401, 9409],
};

/** Places (woonplaatsen) of merged municipalities; elsewhere the place is the municipality's name. */
const places: Readonly<Record<string, readonly string[]>> = {
  Haarlemmermeer: ['Hoofddorp', 'Nieuw-Vennep', 'Badhoevedorp', 'Zwanenburg'],
  Westland: ['Naaldwijk', "'s-Gravenzande", 'Monster', 'Wateringen'],
  'Súdwest-Fryslân': ['Sneek', 'Bolsward', 'Workum', 'IJlst'],
  'Dijk en Waard': ['Heerhugowaard', 'Broek op Langedijk', 'Sint Pancras'],
  'Hoeksche Waard': ['Oud-Beijerland', "'s-Gravendeel", 'Numansdorp'],
  'Land van Cuijk': ['Cuijk', 'Boxmeer', 'Grave'],
  Meierijstad: ['Veghel', 'Schijndel', 'Sint-Oedenrode'],
  Nissewaard: ['Spijkenisse', 'Zuidland'],
  'Voorne aan Zee': ['Hellevoetsluis', 'Brielle', 'Rockanje'],
  'Leidschendam-Voorburg': ['Leidschendam', 'Voorburg'],
  'Sittard-Geleen': ['Sittard', 'Geleen'],
  'Gooise Meren': ['Bussum', 'Naarden', 'Muiden'],
  'Pijnacker-Nootdorp': ['Pijnacker', 'Nootdorp'],
  Lansingerland: ['Berkel en Rodenrijs', 'Bergschenhoek', 'Bleiswijk'],
  'Midden-Groningen': ['Hoogezand', 'Slochteren'],
  Eemsdelta: ['Delfzijl', 'Appingedam'],
  'Het Hogeland': ['Uithuizen', 'Winsum'],
  Westerkwartier: ['Zuidhorn', 'Leek'],
  'Stichtse Vecht': ['Maarssen', 'Breukelen'],
  'Utrechtse Heuvelrug': ['Doorn', 'Driebergen-Rijsenburg'],
  'Noardeast-Fryslân': ['Dokkum'],
  Waadhoeke: ['Franeker'],
  'De Fryske Marren': ['Joure', 'Lemmer'],
  Tytsjerksteradiel: ['Burgum'],
  Smallingerland: ['Drachten'],
  Beekdaelen: ['Nuth', 'Schinnen'],
  'Eijsden-Margraten': ['Eijsden', 'Margraten'],
  Krimpenerwaard: ['Schoonhoven', 'Bergambacht'],
  Molenlanden: ['Nieuw-Lekkerland', 'Giessenburg'],
  Altena: ['Werkendam', 'Woudrichem'],
  Zuidplas: ['Nieuwerkerk aan den IJssel', 'Moordrecht'],
  'Kaag en Braassem': ['Roelofarendsveen'],
  Teylingen: ['Sassenheim', 'Voorhout'],
  'Hollands Kroon': ['Anna Paulowna', 'Hippolytushoef'],
  'Goeree-Overflakkee': ['Middelharnis', 'Ouddorp'],
  'Schouwen-Duiveland': ['Zierikzee'],
  'Hof van Twente': ['Goor', 'Delden'],
  'Oude IJsselstreek': ['Ulft', 'Gendringen'],
  Berkelland: ['Borculo', 'Eibergen'],
  'West Betuwe': ['Geldermalsen'],
  Vijfheerenlanden: ['Vianen', 'Leerdam'],
  Westerwolde: ['Ter Apel'],
  Oldambt: ['Winschoten'],
  'Peel en Maas': ['Panningen'],
  'Horst aan de Maas': ['Horst'],
  Bronckhorst: ['Vorden', 'Zelhem'],
  Maashorst: ['Uden'],
  Ede: ['Ede', 'Bennekom', 'Lunteren'],
  Zaanstad: ['Zaandam', 'Krommenie', 'Wormerveer'],
};

/** Local street names of a few cities, used first there (the rest come from the generic pool). */
const localStreets: Readonly<Record<string, readonly string[]>> = {
  Amsterdam: [
    'Prinsengracht',
    'Keizersgracht',
    'Herengracht',
    'Overtoom',
    'Kinkerstraat',
    'Ferdinand Bolstraat',
    'Javastraat',
    'Van Woustraat',
    'Bos en Lommerweg',
    'Ceintuurbaan',
  ],
  Rotterdam: [
    'Coolsingel',
    'Witte de Withstraat',
    'Nieuwe Binnenweg',
    'Zwaanshals',
    'Groene Hilledijk',
    'Beijerlandselaan',
    'Schiedamseweg',
  ],
  "'s-Gravenhage": ['Laan van Meerdervoort', 'Fahrenheitstraat', 'Weimarstraat', 'Prinsegracht', 'Valkenboskade', 'Loosduinseweg'],
  Utrecht: [
    'Oudegracht',
    'Biltstraat',
    'Amsterdamsestraatweg',
    'Kanaalstraat',
    'Lange Nieuwstraat',
    'Twijnstraat',
    'Burgemeester Reigerstraat',
  ],
  Groningen: ['Oosterstraat', 'Herestraat', 'Zuiderdiep', 'Nieuwe Ebbingestraat', 'Paterswoldseweg', 'Helperzoom'],
  Eindhoven: ['Stratumseind', 'Kruisstraat', 'Woenselse Markt', 'Boschdijk'],
  Maastricht: ['Rechtstraat', 'Boschstraat', 'Tongersestraat', 'Wycker Brugstraat'],
  Zwolle: ['Diezerstraat', 'Assendorperstraat', 'Thorbeckegracht'],
  Leeuwarden: ['Nieuwestad', 'Voorstreek', 'Oostergrachtswal'],
};

/** Street names: a base and a kind, written together as in Dutch (Rembrandt + laan → Rembrandtlaan). */
const streetBases = [
  'Kerk',
  'Dorps',
  'School',
  'Molen',
  'Stations',
  'Markt',
  'Nieuw',
  'Hoofd',
  'Haven',
  'Kanaal',
  'Sport',
  'Park',
  'Raadhuis',
  'Industrie',
  'Dijk',
  'Juliana',
  'Beatrix',
  'Wilhelmina',
  'Emma',
  'Irene',
  'Oranje',
  'Prins Hendrik',
  'Prins Bernhard',
  'Willem-Alexander',
  'Prinses Margriet',
  'Rembrandt',
  'Vondel',
  'Van Gogh',
  'Vermeer',
  'Frans Hals',
  'Jan Steen',
  'Mondriaan',
  'Multatuli',
  'Bilderdijk',
  'Da Costa',
  'Huygens',
  'Spinoza',
  'Erasmus',
  'Thorbecke',
  'Kuyper',
  'Eiken',
  'Beuken',
  'Linden',
  'Kastanje',
  'Berken',
  'Iepen',
  'Esdoorn',
  'Wilgen',
  'Populieren',
  'Platanen',
  'Acacia',
  'Hazelaar',
  'Vlier',
  'Meidoorn',
  'Jasmijn',
  'Tulp',
  'Rozen',
  'Narcis',
  'Anjer',
  'Lelie',
  'Iris',
  'Seringen',
  'Hyacint',
  'Krokus',
  'Zonnebloem',
  'Klaver',
  'Hei',
  'Merel',
  'Lijster',
  'Zwaluw',
  'Meeuwen',
  'Kievit',
  'Reiger',
  'Valk',
  'Havik',
  'Fazant',
  'Specht',
  'Vink',
  'Mussen',
  'Spreeuwen',
  'Uilen',
  'Kraanvogel',
  'Bakker',
  'Smids',
  'Brouwers',
  'Vissers',
  'Kuipers',
  'Timmermans',
  'Wevers',
  'Schippers',
  'Boeren',
  'Molenaars',
  'Utrechtse',
  'Amsterdamse',
  'Leidse',
  'Haarlemse',
  'Zwolse',
  'Arnhemse',
  'Bredase',
  'Tilburgse',
  'Groningse',
  'Friese',
  'Zeeuwse',
  'Brabantse',
  'Limburgse',
  'Zuid',
  'Noord',
  'Oost',
  'West',
  'Wester',
  'Ooster',
  'Noorder',
  'Zuider',
  'Binnen',
  'Buiten',
  'Oude',
  'Korte',
  'Lange',
  'Zon',
  'Maan',
  'Sterren',
  'Regenboog',
  'Zeeven',
  'Vaart',
  'Polder',
  'Duin',
  'Strand',
  'Bos',
  'Veld',
  'Heide',
  'Weide',
  'Akker',
  'Beek',
  'Sloot',
  'Koning',
  'Koningin',
  'Burgemeester',
  'Pastoor',
  'Dokter',
  'Meester',
  'Notaris',
] as const;
const streetKinds = [
  'straat',
  'laan',
  'weg',
  'plein',
  'hof',
  'kade',
  'singel',
  'dreef',
  'pad',
  'erf',
  'gracht',
  'park',
  'dijk',
  'veld',
] as const;

/** Letters used in postcodes: not F, I, O, Q, U, Y; and never SA, SD or SS. */
const POSTCODE_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';
const postcodeLetterPairs: readonly string[] = (() => {
  const pairs: string[] = [];
  for (const a of POSTCODE_LETTERS) for (const b of POSTCODE_LETTERS) if (!['SA', 'SD', 'SS'].includes(a + b)) pairs.push(a + b);
  return pairs;
})();

export interface Municipality {
  index: number;
  code: string;
  name: string;
  /** Inhabitants, for the weight. */
  population: number;
  places: readonly string[];
  streets: readonly string[];
  /** The first four digits of its postcodes. */
  postcodes: readonly number[];
  /** Share of addresses with an addition (apartments): more in cities. */
  additionRate: number;
}

export interface AddressValues {
  street: string;
  houseNumber: number;
  houseNumberAddition: string | null;
  postcode: string;
  city: string;
  municipalityCode: string;
  /** Index in the municipality list (for picking nearby places). */
  municipality: number;
}

/** The name people write as their place: "Hengelo (O.)" → "Hengelo". */
function placeName(municipality: string): string {
  return municipality.replace(/\s*\([^)]*\)$/, '');
}

function streetsFor(name: string, count: number): string[] {
  const local = localStreets[name] ?? [];
  const total = streetBases.length * streetKinds.length;
  const r = new Random(hashSeed(0x57ee7, ...Array.from(name, (c) => c.codePointAt(0) ?? 0)));
  const seen = new Set<string>(local);
  const out = [...local];
  // A stride coprime with the pool walks the pool without repeats, from a start of its own.
  let at = r.int(total);
  const strides = [7, 11, 13, 17, 19, 23, 29, 31, 37];
  const stride = r.pick(strides.filter((s) => total % s !== 0));
  while (out.length < count && seen.size < total + local.length) {
    const base = streetBases[at % streetBases.length] ?? 'Kerk';
    const kind = streetKinds[Math.floor(at / streetBases.length) % streetKinds.length] ?? 'straat';
    const street = base + kind;
    if (!seen.has(street)) {
      seen.add(street);
      out.push(street);
    }
    at = (at + stride) % total;
  }
  return out;
}

export interface PlacesOptions {
  /** Restrict to these municipality codes (the demo); default all 342. */
  only?: readonly string[];
}

export class Places {
  readonly municipalities: readonly Municipality[];
  readonly #weighted: Weighted<number>;

  constructor(options: PlacesOptions = {}) {
    const all = referenceOrganisations().filter((o) => o.type === 'municipality');
    const known = Object.values(population).reduce((a, b) => a + b, 0);
    const unknownCount = all.filter((m) => population[m.name] === undefined).length;
    const restEach = unknownCount > 0 ? (NATION_THOUSANDS - known) / unknownCount : 0;
    // Spread the region's postcode range, less the cities' own ranges, over its other municipalities.
    const byRegion = new Map<string, string[]>();
    for (const m of all) {
      if (cityPostcodes[m.name]) continue;
      const region = m.safetyRegion ?? 'VR09';
      byRegion.set(region, [...(byRegion.get(region) ?? []), m.code]);
    }
    const taken = (n: number): boolean => Object.values(cityPostcodes).some(([lo, hi]) => n >= lo && n <= hi);
    const free = new Map<string, number[]>();
    for (const [region, [lo, hi]] of Object.entries(regionPostcodes)) {
      const numbers: number[] = [];
      for (let n = lo; n <= hi; n++) if (!taken(n)) numbers.push(n);
      free.set(region, numbers);
    }
    const selected = options.only ? all.filter((m) => options.only?.includes(m.code)) : all;
    if (options.only && selected.length !== options.only.length) {
      throw new Error(`unknown municipality code among ${options.only.join(', ')}`);
    }
    this.municipalities = selected
      .map((m) => ({ code: m.code, name: m.name, region: m.safetyRegion ?? 'VR09' }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((m, index): Municipality => {
        const thousands = population[m.name] ?? restEach;
        let postcodes: number[];
        const city = cityPostcodes[m.name];
        if (city) {
          postcodes = Array.from({ length: city[1] - city[0] + 1 }, (_, i) => city[0] + i);
        } else {
          const numbers = free.get(m.region) ?? free.get('VR09') ?? [3400];
          const members = byRegion.get(m.region) ?? [m.code];
          const slot = Math.max(1, Math.floor(numbers.length / members.length));
          const start = Math.min(numbers.length - 1, members.indexOf(m.code) * slot);
          postcodes = numbers.slice(start, start + slot);
        }
        const streetCount = Math.max(25, Math.min(900, Math.round(thousands * 1.1)));
        return {
          index,
          code: m.code,
          name: m.name,
          population: Math.round(thousands * 1000),
          places: places[m.name] ?? [placeName(m.name)],
          streets: streetsFor(m.name, streetCount),
          postcodes,
          additionRate: thousands >= 300 ? 0.45 : thousands >= 100 ? 0.2 : 0.06,
        };
      });
    this.#weighted = new Weighted(this.municipalities.map((m) => [m.index, m.population] as const));
  }

  /** A municipality index, drawn by population. */
  drawMunicipality(random: Random): number {
    return this.#weighted.draw(random);
  }

  byCode(code: string): Municipality {
    const m = this.municipalities.find((x) => x.code === code);
    if (!m) throw new Error(`unknown municipality ${code}`);
    return m;
  }

  /** A real-looking address in municipality `index`. */
  address(random: Random, index: number): AddressValues {
    const m = this.municipalities[index];
    if (!m) throw new RangeError(`no municipality ${index}`);
    const streetIndex = random.int(m.streets.length);
    // Low house numbers are more common than high ones.
    const u = random.next();
    const houseNumber = 1 + Math.floor(u * u * 240);
    let addition: string | null = null;
    if (random.chance(m.additionRate)) {
      const a = random.int(10);
      addition = a < 3 ? 'hs' : a < 7 ? String(1 + random.int(4)) : a < 9 ? 'A' : 'B';
    }
    // One postcode per stretch of about twenty house numbers of a street, as in the real system.
    const stretch = Math.floor(houseNumber / 20);
    const digits = m.postcodes[(streetIndex * 37 + stretch * 3 + m.index) % m.postcodes.length] ?? 1000;
    const letters = postcodeLetterPairs[hashSeed(m.index, streetIndex, stretch) % postcodeLetterPairs.length] ?? 'AA';
    const city = m.places.length === 1 ? (m.places[0] ?? m.name) : (m.places[streetIndex % m.places.length] ?? m.name);
    return {
      street: m.streets[streetIndex] ?? 'Kerkstraat',
      houseNumber,
      houseNumberAddition: addition,
      postcode: `${String(digits).padStart(4, '0')}${letters}`,
      city,
      municipalityCode: m.code,
      municipality: index,
    };
  }
}
