// Dutch first, English second. Each module keeps its own catalog; the English one must have
// every key of the Dutch one (the type checker enforces it).

export const languages = ['nl', 'en'] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = 'nl';

export function isLang(value: unknown): value is Lang {
  return value === 'nl' || value === 'en';
}

export type Catalog = Readonly<Record<string, string>>;

/** Defines a catalog pair; returns a lookup by language. */
export function defineMessages<const N extends Catalog>(catalogs: {
  nl: N;
  en: { readonly [K in keyof N]: string };
}): (lang: Lang) => { readonly [K in keyof N]: string } {
  return (lang) => (lang === 'en' ? catalogs.en : catalogs.nl);
}

/** Fills `{name}` placeholders. */
export function format(message: string, values: Readonly<Record<string, string | number>>): string {
  return message.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = values[key];
    return v === undefined ? whole : String(v);
  });
}

/** Picks the language: explicit choice (cookie) first, then the browser's Accept-Language, then Dutch. */
export function negotiateLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(cookie)) return cookie;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        return { lang: tag.toLowerCase().slice(0, 2), q: q ? Number(q.slice(2)) : 1 };
      })
      .filter((x) => Number.isFinite(x.q) && x.q > 0)
      .sort((a, b) => b.q - a.q);
    const first = ranked.find((x) => isLang(x.lang));
    if (first && isLang(first.lang)) return first.lang;
  }
  return defaultLang;
}

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** `2026-05-06` → `6 mei 2026` / `6 May 2026`. */
export function formatDate(isoDate: string, lang: Lang): string {
  return dateFormats[lang].format(new Date(`${isoDate}T00:00:00Z`));
}

const numberFormats: Record<Lang, Intl.NumberFormat> = { nl: new Intl.NumberFormat('nl-NL'), en: new Intl.NumberFormat('en-GB') };

export function formatNumber(n: number, lang: Lang): string {
  return numberFormats[lang].format(n);
}

const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
};

/** An instant as Dutch people read it: `29 november 2026 om 18:04` (Europe/Amsterdam). */
export function formatDateTime(isoInstant: string, lang: Lang): string {
  return dateTimeFormats[lang].format(new Date(isoInstant));
}
