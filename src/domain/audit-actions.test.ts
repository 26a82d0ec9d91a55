import { describe, expect, it } from 'vitest';
import { actionText, AUDIT_ACTION_TEXT, AUDIT_KIND_TEXT, kindText } from './audit-actions';

// recordAudit takes only these actions and kinds (the type check refuses any other), so each entry
// the audit page shows has a Chinese word.
describe('the words of the audit log', () => {
  it('are Chinese for every action and kind', () => {
    for (const a of Object.keys(AUDIT_ACTION_TEXT)) expect(actionText(a), a).toMatch(/^[\u4e00-\u9fff]/);
    for (const k of Object.keys(AUDIT_KIND_TEXT)) expect(kindText(k), k).toMatch(/^[\u4e00-\u9fff]/);
    expect(actionText('result-return')).toBe('结果审核退回');
  });
});
