// The BSN elfproef and the KVK number, with known numbers and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidBsn, isValidKvkNumber } from './model.ts';
import { bsnSeries } from './test-fixtures.ts';

describe('BSN elfproef', () => {
  it('accepts known valid BSNs', () => {
    for (const bsn of ['999993653', '111222333', '123456782', '999990019', '999991772', '999998456'])
      expect(isValidBsn(bsn), bsn).toBe(true);
  });

  it('rejects numbers that fail the elfproef or are not 9 digits', () => {
    for (const bad of [
      '123456789',
      '999993654',
      '111222334',
      '000000000',
      '99999365',
      '9999936530',
      'abcdefghi',
      ' 999993653',
      '999993653 ',
      '99999365a',
      '',
      '１２３４５６７８２',
    ]) {
      expect(isValidBsn(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('accepts every number made by the check-digit rule (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999_990 }), (start) => bsnSeries(start, 3).every(isValidBsn)));
  });

  it('catches every single-digit typing error (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_990 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (start, position, delta) => {
          const bsn = bsnSeries(start, 1)[0] ?? '';
          const digit = (Number(bsn[position]) + delta) % 10;
          const typo = `${bsn.slice(0, position)}${digit}${bsn.slice(position + 1)}`;
          expect(isValidBsn(typo)).toBe(false);
        },
      ),
    );
  });

  it('never throws, whatever the text (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof isValidBsn(s) === 'boolean'));
  });
});

describe('KVK number', () => {
  it('is 8 digits', () => {
    expect(isValidKvkNumber('12345678')).toBe(true);
    for (const bad of ['1234567', '123456789', '0000000a', '00000000', '', ' 12345678']) expect(isValidKvkNumber(bad), bad).toBe(false);
  });
});
