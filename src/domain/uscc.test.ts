import { describe, expect, it } from 'vitest';
import { checkUscc, isValidUscc, usccCheckChar, usccProblemText, USCC_ALPHABET } from './uscc';

describe('USCC (GB 32100-2015)', () => {
  it('accepts the published valid examples', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91110000600037341L')).toBe(true);
  });

  it('computes the check character of known codes', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('91110000600037341')).toBe('L');
  });

  it('rejects every wrong check character of a valid code', () => {
    const base = '91350100M000100Y4';
    const wrong = [...USCC_ALPHABET].filter((c) => c !== '3');
    expect(wrong).toHaveLength(30);
    for (const c of wrong) {
      const p = checkUscc(base + c);
      expect(p).toEqual({ code: 'check-digit', expected: '3', actual: c });
    }
  });

  it('detects a single changed character and a swap of neighbours', () => {
    expect(isValidUscc('91350100M000200Y43')).toBe(false);
    expect(isValidUscc('91351000M000100Y43')).toBe(false);
  });

  it('refuses letters outside the alphabet and names the position', () => {
    expect(checkUscc('9135010OM000100Y43')).toEqual({ code: 'bad-character', position: 8, char: 'O' });
    expect(checkUscc('91350100M000100y43')).toEqual({ code: 'bad-character', position: 16, char: 'y' });
  });

  it('refuses a legacy 15-digit registration number with a clear reason', () => {
    const p = checkUscc('350100100012345');
    expect(p).toEqual({ code: 'legacy-registration-number' });
    expect(usccProblemText(p!)).toContain('15位旧版注册号');
  });

  it('reports wrong lengths and empties', () => {
    expect(checkUscc('')).toEqual({ code: 'empty' });
    expect(checkUscc('91350100M000100Y4')).toEqual({ code: 'length', length: 17 });
  });
});
