// The pure rules of applying: checking an upload against its field, reading a step's post, merging a step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFormDefinition, type FieldOf, type FormDefinition } from '../forms.ts';
import { checkUpload, cleanFileName, contentMatchesType, largestAttachment, mergeStep, stepAfter, stepBefore, stepInput } from './model.ts';

function form(): FormDefinition {
  const parsed = parseFormDefinition({
    schemaVersion: 1,
    id: 'proef',
    version: 1,
    uplUri: 'http://standaarden.overheid.nl/owms/terms/proef',
    title: { nl: 'Proef', en: 'Test' },
    steps: [
      {
        id: 'one',
        title: { nl: 'Een', en: 'One' },
        fields: [
          { id: 'name', kind: 'text', label: { nl: 'Naam', en: 'Name' }, required: true },
          { id: 'pet', kind: 'yesNo', label: { nl: 'Huisdier?', en: 'Pet?' } },
        ],
      },
      {
        id: 'two',
        title: { nl: 'Twee', en: 'Two' },
        condition: { field: 'pet', equals: true },
        fields: [
          {
            id: 'photo',
            kind: 'attachment',
            label: { nl: 'Foto', en: 'Photo' },
            accept: [
              { mimeType: 'image/png', extensions: ['png'] },
              { mimeType: 'application/pdf', extensions: ['pdf'] },
            ],
            maxSizeBytes: 100,
            maxCount: 2,
          },
        ],
      },
      {
        id: 'three',
        title: { nl: 'Drie', en: 'Three' },
        fields: [{ id: 'note', kind: 'textarea', label: { nl: 'Opmerking', en: 'Note' } }],
      },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.definition;
}

const definition = form();
const photo = definition.steps[1]?.fields[0] as FieldOf<'attachment'>;
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const upload = (over: Partial<Parameters<typeof checkUpload>[1]> = {}) => ({
  fieldId: 'photo',
  fileName: 'poes.png',
  mimeType: 'image/png',
  content: png,
  truncated: false,
  ...over,
});

describe('checkUpload', () => {
  it('accepts a file whose name, declared type and first bytes agree and that fits', () => {
    expect(checkUpload(photo, upload(), 0, 'of')).toEqual({ ok: true, fileName: 'poes.png', mimeType: 'image/png' });
    expect(checkUpload(photo, upload({ fileName: 'C:\\foto\\POES.PNG', mimeType: ' Image/PNG ' }), 1, 'of')).toEqual({
      ok: true,
      fileName: 'POES.PNG',
      mimeType: 'image/png',
    });
  });

  it('refuses a wrong type: extension, declared type or content', () => {
    const wrongType = { ok: false, problem: { code: 'attachment_type', types: 'PNG of PDF' } };
    expect(checkUpload(photo, upload({ fileName: 'poes.gif' }), 0, 'of')).toEqual(wrongType);
    expect(checkUpload(photo, upload({ mimeType: 'image/gif' }), 0, 'of')).toEqual(wrongType);
    expect(checkUpload(photo, upload({ fileName: 'poes.pdf', mimeType: 'application/pdf' }), 0, 'of')).toEqual(wrongType);
    expect(checkUpload(photo, upload({ fileName: 'poes' }), 0, 'of')).toEqual(wrongType);
  });

  it('refuses a file that is too large, cut off, empty, badly named, or one too many', () => {
    expect(checkUpload(photo, upload({ content: new Uint8Array(101).fill(0x89) }), 0, 'of')).toEqual({
      ok: false,
      problem: { code: 'attachment_too_large', maxBytes: 100 },
    });
    expect(checkUpload(photo, upload({ truncated: true }), 0, 'of')).toMatchObject({
      ok: false,
      problem: { code: 'attachment_too_large' },
    });
    expect(
      checkUpload(photo, upload({ mimeType: 'application/pdf', fileName: 'a.pdf', content: new Uint8Array(0) }), 0, 'of'),
    ).toMatchObject({
      ok: false,
      problem: { code: 'attachment_type' },
    });
    expect(checkUpload(photo, upload({ fileName: '' }), 0, 'of')).toEqual({ ok: false, problem: { code: 'invalid_attachment' } });
    expect(checkUpload(photo, upload({ fileName: 'a\u0000.png' }), 0, 'of')).toEqual({
      ok: false,
      problem: { code: 'invalid_attachment' },
    });
    expect(checkUpload(photo, upload(), 2, 'of')).toEqual({ ok: false, problem: { code: 'too_many_attachments', max: 2 } });
  });

  it('never accepts a file larger than the field allows (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.boolean(), (size, truncated) => {
        const content = new Uint8Array(size).fill(1);
        content.set(png.slice(0, Math.min(size, png.length)));
        const r = checkUpload(photo, upload({ content, truncated }), 0, 'of');
        if (r.ok) expect(size <= 100 && !truncated && size >= 8).toBe(true); // 8: the PNG signature
      }),
    );
  });
});

describe('file names and contents', () => {
  it('keeps the last path segment and refuses unusable names', () => {
    expect(cleanFileName('/home/a/b.pdf')).toBe('b.pdf');
    expect(cleanFileName('..')).toBeNull();
    expect(cleanFileName('x'.repeat(256))).toBeNull();
    expect(cleanFileName('   ')).toBeNull();
  });

  it('checks the magic numbers of known types and lets others through', () => {
    expect(contentMatchesType('application/pdf', Buffer.from('%PDF-1.4'))).toBe(true);
    expect(contentMatchesType('application/pdf', Buffer.from('<html>'))).toBe(false);
    expect(contentMatchesType('image/jpeg', Uint8Array.from([0xff, 0xd8, 0xff, 0xdb]))).toBe(true);
    expect(contentMatchesType('text/plain', Buffer.from('anything'))).toBe(true);
  });

  it('reads uploads up to the largest file a form accepts', () => {
    expect(largestAttachment([definition])).toBe(100);
    expect(largestAttachment([])).toBe(1);
  });
});

describe('steps', () => {
  const one = definition.steps[0];
  if (!one) throw new Error('no step');

  it('takes the posted values of the step, keeps the rest of the draft, and reports names that are not on the step', () => {
    const { input, foreign } = stepInput(
      one,
      { name: 'Oud', note: 'blijft' },
      { name: 'Nieuw', _csrf: 't', actie: 'volgende', note: 'vals', x: '1' },
      {},
    );
    expect(input).toEqual({ name: 'Nieuw', note: 'blijft' });
    expect(foreign.sort()).toEqual(['note', 'x']);
    // A field left out of the post is unanswered (a cleared checkbox, an emptied field).
    expect(stepInput(one, { name: 'Oud', pet: true }, {}, {}).input).toEqual({});
  });

  it("replaces the step's answers when merging, and drops fields of the step that are no longer answered", () => {
    expect(mergeStep(one, { name: 'Oud', pet: true, note: 'blijft' }, { name: 'Nieuw' })).toEqual({ name: 'Nieuw', note: 'blijft' });
    expect(mergeStep(one, {}, { note: 'niet van deze stap' })).toEqual({});
  });

  it('finds the steps before and after among the visible ones', () => {
    const visible = [definition.steps[0], definition.steps[2]].filter((s) => s !== undefined);
    expect(stepAfter(visible, 'one')).toBe('three');
    expect(stepAfter(visible, 'three')).toBeNull();
    expect(stepBefore(visible, 'three')).toBe('one');
    expect(stepBefore(visible, 'one')).toBeNull();
  });
});
