// The pages of service designers: the list, the description form with "Wat ontbreekt nog", form
// errors in a Dutch error summary, publishing, retiring and reopening, all without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import { findDescription, findService } from '../store.ts';
import { officialLogin, personLogin, products, rowCounts, seedServices, serviceId, snapshot, withManageRoutes } from './test-fixtures.ts';

let t: TestApp;
const cookie = { designer: '', otherDesigner: '', caseHandler: '', citizen: '' };
const ids = { collector: '', passport: '', emigration: '', housing: '', otherCollector: '' };

beforeAll(async () => {
  t = await withManageRoutes(await createTestApp({ clock: '2026-11-29T10:00:00Z' }));
  await seedServices(t.ctx);
  ids.collector = await serviceId(t.ctx, 'GM0363', products.collector);
  ids.passport = await serviceId(t.ctx, 'GM0363', products.passport);
  ids.emigration = await serviceId(t.ctx, 'GM0363', products.emigration);
  ids.housing = await serviceId(t.ctx, 'GM0363', products.shelteredHousing);
  ids.otherCollector = await serviceId(t.ctx, 'GM0599', products.collector);
  cookie.designer = await t.loginAs(officialLogin('GM0363', ['service_designer']));
  cookie.otherDesigner = await t.loginAs(officialLogin('GM0599', ['service_designer']));
  cookie.caseHandler = await t.loginAs(officialLogin('GM0363', ['case_handler']));
  cookie.citizen = await t.loginAs(personLogin);
});
afterAll(() => t.close());

const get = (url: string, who: string) => t.request({ url, headers: { accept: 'text/html', cookie: who } });

/** The form page: its HTML, the CSRF token and the cookies to post it with. */
async function openForm(id: string, who = cookie.designer) {
  const res = await get(`/beheer/diensten/${id}`, who);
  const csrfCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  return { res, token, cookie: [who, ...csrfCookies].join('; ') };
}

/** Every named field of the form with the value it shows (text, selects, checked radios and checkboxes, text areas). */
function formFields(html: string): Record<string, string> {
  const form = html.slice(html.indexOf('<form method="post"'), html.indexOf('</form>', html.indexOf('<form method="post"')));
  const fields: Record<string, string> = {};
  const decode = (s: string) =>
    s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    const value = decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const type = /type="([^"]*)"/.exec(attrs)?.[1] ?? 'text';
    if (!name) continue;
    if ((type === 'radio' || type === 'checkbox') && !/\schecked/.test(attrs)) continue;
    fields[name] = value;
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1] ?? ''] = decode(m[2] ?? '');
  for (const m of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)"[^>]*selected/.exec(m[2] ?? '')?.[1];
    fields[m[1] ?? ''] = decode(selected ?? /<option value="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '');
  }
  return fields;
}

async function post(url: string, f: { token: string; cookie: string }, fields: Record<string, string>, lang?: string) {
  return t.request({
    method: 'POST',
    url,
    headers: {
      accept: 'text/html',
      cookie: lang ? `${f.cookie}; lang=${lang}` : f.cookie,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({ ...fields, _csrf: f.token }).toString(),
  });
}

describe('/beheer/diensten', () => {
  it('lists the organisation’s services with what each still misses', async () => {
    const res = await get('/beheer/diensten', cookie.designer);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Diensten beheren | Loket</title>');
    expect(res.body).toContain('De diensten van Amsterdam.');
    expect(res.body).toContain('5 diensten');
    expect(res.body).toContain(`href="/beheer/diensten/${ids.collector}"`);
    expect(res.body).not.toContain(ids.otherCollector);
    expect(res.body).toContain('kosten, voorwaarden, wat de klant nodig heeft, kanalen, betrouwbaarheidsniveau, machtigen, servicenormen');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
  });

  it('filters by status, "onvolledig" and title, and pages', async () => {
    const search = await get('/beheer/diensten?q=paspoort&status=concept&onvolledig=ja', cookie.designer);
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('1 dienst');
    expect(search.body).toContain(`href="/beheer/diensten/${ids.passport}"`);
    expect(search.body).toMatch(/<option value="concept" selected/);
    expect(search.body).toMatch(/name="onvolledig" id="onvolledig" value="ja" checked/);
    const none = await get('/beheer/diensten?status=gepubliceerd', cookie.designer);
    expect(none.body).toContain('Er zijn geen diensten die hierbij passen.');
    const bad = await get('/beheer/diensten?status=weg&pagina=0', cookie.designer);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Er is een probleem');
    expect(bad.body).toContain('href="#status"');
    expect(bad.body).toContain('Kies een status uit de lijst.');
  });

  it('is closed to nobody (401), citizens and other roles (403)', async () => {
    expect((await t.request({ url: '/beheer/diensten', headers: { accept: 'text/html' } })).statusCode).toBe(401);
    expect((await get('/beheer/diensten', cookie.citizen)).statusCode).toBe(403);
    expect((await get('/beheer/diensten', cookie.caseHandler)).statusCode).toBe(403);
  });
});

describe('/beheer/diensten/{id}', () => {
  it('shows the full form with "Wat ontbreekt nog", links to the fields, and two empty rows per list', async () => {
    const { res, token } = await openForm(ids.collector);
    expect(res.statusCode).toBe(200);
    expect(token).not.toBe('');
    expect(res.body).toContain('<title>Aanwijzing inzamelaar | Loket</title>');
    expect(res.body).toContain('Status: Concept');
    expect(res.body).toContain('Wat ontbreekt nog');
    for (const [anchor, text] of [
      ['kosten', 'Vul in wat de dienst kost, of dat hij gratis is.'],
      ['voorwaarden', 'Beschrijf de voorwaarden: wie kan de dienst krijgen?'],
      ['kanaal-0-soort', 'Noem minstens één kanaal om de dienst aan te vragen.'],
      ['machtigen', 'Kies of de klant iemand kan machtigen.'],
      ['norm-0-tekst', 'Noem minstens één servicenorm.'],
    ])
      expect(res.body).toContain(`<a class="utrecht-link" href="#${anchor}">${text}</a>`);
    for (const id of ['resultaat', 'kosten', 'voorwaarden', 'kanaal-0-soort', 'machtigen', 'norm-0-tekst', 'doelgroep'])
      expect(res.body).toContain(`id="${id}"`);
    const fields = formFields(res.body);
    // One legal basis from the UPL plus two empty rows; no costs, channels or norms yet: two empty rows each.
    expect(fields['grondslag-0-omschrijving']).not.toBe('');
    expect(fields['grondslag-2-omschrijving']).toBe('');
    expect('grondslag-3-omschrijving' in fields).toBe(false);
    expect('kosten-1-bedrag' in fields).toBe(true);
    expect('kosten-2-bedrag' in fields).toBe(false);
    expect(fields['kosten']).toBe('nog-niet');
    expect(fields['verantwoordelijke-organisatie']).toBe('GM0363');
    expect(fields['versie']).toBe('1');
    expect(res.body).toContain('<label class="utrecht-form-label utrecht-form-field__label" for="resultaat">Resultaat</label>');
    expect(res.body).toContain('Awb 4:13 lid 2');
    expect(res.body).toContain('value="publiceren"');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
  });

  it('answers 404 for another organisation’s service and an unknown id', async () => {
    expect((await get(`/beheer/diensten/${ids.otherCollector}`, cookie.designer)).statusCode).toBe(404);
    expect((await get('/beheer/diensten/01900000-0000-7000-8000-0000000000ff', cookie.designer)).statusCode).toBe(404);
    expect((await get('/beheer/diensten/geen-id', cookie.designer)).statusCode).toBe(404);
    expect((await get(`/beheer/diensten/${ids.collector}`, cookie.otherDesigner)).statusCode).toBe(404);
  });

  it('shows a Dutch error summary with an error at each field, keeps what was typed, and stores nothing', async () => {
    const f = await openForm(ids.collector);
    const fields = formFields(f.res.body);
    const before = await rowCounts(t.database);
    const snap = await snapshot(t.database, 'GM0363');
    const res = await post(`/beheer/diensten/${ids.collector}`, f, {
      ...fields,
      actie: 'opslaan',
      resultaat: '<script>alert(1)</script>',
      kosten: 'bedragen',
      'kosten-0-omschrijving': 'Leges',
      'kosten-0-bedrag': '12,505',
      'kosten-0-vanaf': '2026-02-30',
      'kanaal-0-soort': 'online',
      'kanaal-0-adres': 'geen webadres',
      beslistermijn: 'acht',
      'van-rechtswege': 'ja',
      dwangsom: 'ja',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Fout: Aanwijzing inzamelaar | Loket</title>');
    expect(res.body).toContain('Er is een probleem');
    const summary = res.body.slice(
      res.body.indexOf('id="foutmeldingen"'),
      res.body.indexOf('</ul>', res.body.indexOf('id="foutmeldingen"')),
    );
    const links = [...summary.matchAll(/href="#([^"]+)">([^<]+)</g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['kosten-0-bedrag', 'Vul bij bedrag 1 een bedrag in euro in, zoals 12,50 of 0.'],
      ['kosten-0-vanaf', 'Vul bij de begindatum van bedrag 1 een bestaande datum in, zoals 2027-01-01.'],
      ['kanaal-0-adres', 'Vul bij het adres van kanaal 1 een webadres in dat begint met https://.'],
      ['beslistermijn', 'Vul bij de wettelijke beslistermijn een heel aantal weken in (1 tot en met 520), of laat het leeg.'],
    ]);
    // Each field shows its own message, marked invalid, and keeps the value typed.
    expect(res.body).toContain('id="kosten-0-bedrag-fout"');
    expect(res.body).toMatch(
      /id="kosten-0-bedrag" name="kosten-0-bedrag" type="text" value="12,505"[^>]*aria-describedby="kosten-0-bedrag-hint kosten-0-bedrag-fout" aria-invalid="true"/,
    );
    expect(res.body).toContain('value="geen webadres"');
    // What was typed is escaped.
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(await rowCounts(t.database)).toEqual(before);
    expect(await snapshot(t.database, 'GM0363')).toBe(snap);
  });

  it('reports the service’s own checks the same way (silence and dwangsom together), in English too', async () => {
    const f = await openForm(ids.collector);
    const fields = formFields(f.res.body);
    const nl = await post(`/beheer/diensten/${ids.collector}`, f, { ...fields, actie: 'opslaan', 'van-rechtswege': 'ja', dwangsom: 'ja' });
    expect(nl.statusCode).toBe(400);
    // Both were changed; the error sits at the dwangsom, the second of the two.
    expect(nl.body).toContain('href="#dwangsom"');
    expect(nl.body).toContain('id="dwangsom-fout"');
    expect(nl.body).toContain('Een beschikking van rechtswege en de dwangsom gaan niet samen (Awb 4:20a lid 2).');
    const en = await post(`/beheer/diensten/${ids.collector}`, f, { ...fields, actie: 'opslaan', kosten: 'bedragen' }, 'en');
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('There is a problem');
    expect(en.body).toContain('Enter at least one amount for the costs, or choose');
  });

  it('refuses a post without the CSRF token', async () => {
    const f = await openForm(ids.collector);
    const res = await t.request({
      method: 'POST',
      url: `/beheer/diensten/${ids.collector}`,
      headers: { accept: 'text/html', cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...formFields(f.res.body), _csrf: '', actie: 'opslaan', contact: 'Zonder token' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect((await findDescription(t.database.db, 'GM0363', ids.collector))?.contact).not.toBe('Zonder token');
  });

  it('saves, then redirects to the page with a notice; the rows typed become the description', async () => {
    const f = await openForm(ids.passport);
    const res = await post(`/beheer/diensten/${ids.passport}`, f, {
      ...formFields(f.res.body),
      actie: 'opslaan',
      kosten: 'bedragen',
      'kosten-0-omschrijving': 'Paspoort volwassenen',
      'kosten-0-bedrag': '1.078,35',
      'kosten-0-vanaf': '2026-01-01',
      'kosten-1-omschrijving': 'Paspoort kinderen',
      'kosten-1-bedrag': '0',
      'kosten-1-vanaf': '2026-01-01',
      'kosten-1-tot': '2026-12-31',
      'kanaal-1-soort': 'counter',
      'kanaal-1-adres': 'Amstel 1, Amsterdam',
      'norm-0-tekst': 'Binnen 5 werkdagen klaar',
      'norm-0-doel': '5',
      'eigen-tekst': 'Maak een afspraak.',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/beheer/diensten/${ids.passport}?melding=opgeslagen`);
    const d = await findDescription(t.database.db, 'GM0363', ids.passport);
    expect(d?.version).toBe(2);
    expect(d?.costs).toEqual([
      { label: 'Paspoort volwassenen', amountCents: 107_835, validFrom: '2026-01-01', validUntil: null },
      { label: 'Paspoort kinderen', amountCents: 0, validFrom: '2026-01-01', validUntil: '2026-12-31' },
    ]);
    // The empty first channel row is dropped; the second becomes the first.
    expect(d?.channels).toEqual([{ kind: 'counter', address: 'Amstel 1, Amsterdam', label: null }]);
    expect(d?.serviceLevels).toEqual([{ norm: 'Binnen 5 werkdagen klaar', indicator: null, target: 5 }]);
    expect((await findService(t.database.db, 'GM0363', ids.passport))?.localText).toBe('Maak een afspraak.');
    const page = await get(res.headers.location as string, cookie.designer);
    expect(page.body).toContain('De beschrijving is opgeslagen.');
    expect(formFields(page.body)['kosten-0-bedrag']).toBe('1078,35');
    // Saving the same again changes nothing.
    const f2 = await openForm(ids.passport);
    const again = await post(`/beheer/diensten/${ids.passport}`, f2, { ...formFields(f2.res.body), actie: 'opslaan' });
    expect(again.headers.location).toBe(`/beheer/diensten/${ids.passport}?melding=niets-gewijzigd`);
    expect((await findDescription(t.database.db, 'GM0363', ids.passport))?.version).toBe(2);
  });

  it('refuses to publish an incomplete service, saying what is missing with links', async () => {
    const f = await openForm(ids.housing);
    const res = await post(`/beheer/diensten/${ids.housing}`, f, { ...formFields(f.res.body), actie: 'publiceren' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Er is een probleem');
    expect(res.body).toContain('De dienst is nog niet gepubliceerd. Vul eerst in wat hieronder staat.');
    expect(res.body).toContain(
      '<a class="utrecht-link loket-error-summary__link" href="#resultaat">Beschrijf wat de klant krijgt (het resultaat).</a>',
    );
    expect(res.body).toContain('href="#grondslag-0-omschrijving"');
    expect((await findService(t.database.db, 'GM0363', ids.housing))?.status).toBe('draft');
  });

  it('shows a conflict when someone else saved first, with the new version', async () => {
    const mine = await openForm(ids.emigration);
    const theirs = await openForm(ids.emigration);
    expect(
      (await post(`/beheer/diensten/${ids.emigration}`, theirs, { ...formFields(theirs.res.body), actie: 'opslaan', contact: 'Eerst' }))
        .statusCode,
    ).toBe(303);
    const res = await post(`/beheer/diensten/${ids.emigration}`, mine, {
      ...formFields(mine.res.body),
      actie: 'opslaan',
      contact: 'Later',
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('iemand anders heeft deze dienst intussen gewijzigd');
    expect(formFields(res.body)['contact']).toBe('Eerst');
    expect(formFields(res.body)['versie']).toBe('2');
    expect((await findDescription(t.database.db, 'GM0363', ids.emigration))?.contact).toBe('Eerst');
  });

  it('saves and publishes a completed description in one go, then retires and reopens it', async () => {
    const f = await openForm(ids.collector);
    const res = await post(`/beheer/diensten/${ids.collector}`, f, {
      ...formFields(f.res.body),
      actie: 'publiceren',
      kosten: 'gratis',
      voorwaarden: 'U zamelt bedrijfsafval in.',
      benodigdheden: 'Een uittreksel uit het Handelsregister.',
      'kanaal-0-soort': 'online',
      'kanaal-0-adres': 'https://www.example.org/inzamelaar',
      betrouwbaarheidsniveau: 'substantial',
      machtigen: 'ja',
      'norm-0-tekst': 'Besluit binnen 8 weken',
      'norm-0-indicator': 'lead_time_days',
      'norm-0-doel': '56',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/beheer/diensten/${ids.collector}?melding=gepubliceerd`);
    expect((await findService(t.database.db, 'GM0363', ids.collector))?.status).toBe('published');
    const page = await get(res.headers.location as string, cookie.designer);
    expect(page.body).toContain('De dienst is gepubliceerd.');
    expect(page.body).toContain('Niets. De beschrijving is compleet.');
    expect(page.body).toContain(`href="/diensten/GM0363/${ids.collector}"`);
    expect(page.body).not.toContain('value="publiceren"');

    // A published service stays complete: emptying the conditions is refused.
    const f2 = await openForm(ids.collector);
    const emptied = await post(`/beheer/diensten/${ids.collector}`, f2, { ...formFields(f2.res.body), actie: 'opslaan', voorwaarden: '' });
    expect(emptied.statusCode).toBe(409);
    expect(emptied.body).toContain('Een gepubliceerde dienst moet compleet blijven');
    expect(emptied.body).toContain(
      '<a class="utrecht-link loket-error-summary__link" href="#voorwaarden">Beschrijf de voorwaarden: wie kan de dienst krijgen?</a>',
    );
    expect((await findDescription(t.database.db, 'GM0363', ids.collector))?.conditions).toBe('U zamelt bedrijfsafval in.');

    const retired = await post(`/beheer/diensten/${ids.collector}/intrekken`, f2, {});
    expect(retired.statusCode).toBe(303);
    expect(retired.headers.location).toBe(`/beheer/diensten/${ids.collector}?melding=ingetrokken`);
    expect((await findService(t.database.db, 'GM0363', ids.collector))?.status).toBe('retired');
    const twice = await post(`/beheer/diensten/${ids.collector}/intrekken`, f2, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Dat kan niet in de status van deze dienst.');
    const reopened = await post(`/beheer/diensten/${ids.collector}/heropenen`, f2, {});
    expect(reopened.headers.location).toBe(`/beheer/diensten/${ids.collector}?melding=heropend`);
    expect((await findService(t.database.db, 'GM0363', ids.collector))?.status).toBe('draft');
  });

  it('does not let a designer of another organisation post to the form (404), nor other roles (403)', async () => {
    const snap = await snapshot(t.database, 'GM0363');
    const f = await openForm(ids.otherCollector, cookie.otherDesigner);
    const fields = formFields(f.res.body);
    const own = { token: f.token, cookie: f.cookie };
    expect((await post(`/beheer/diensten/${ids.passport}`, own, { ...fields, actie: 'opslaan' })).statusCode).toBe(404);
    expect((await post(`/beheer/diensten/${ids.passport}/intrekken`, own, {})).statusCode).toBe(404);
    const handler = await get('/beheer/diensten', cookie.caseHandler);
    expect(handler.statusCode).toBe(403);
    expect(await snapshot(t.database, 'GM0363')).toBe(snap);
  });
});
