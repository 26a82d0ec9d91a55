// Use cases of the registers: create, edit, (de)activate. Each writes its audit event in the same transaction.
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { DIRECTORIES, type DirectoryKind } from '../domain/directories';
import { checkRecord, sameRecord, type DirectoryRecord, type FieldError } from '../domain/records';
import type { DirectoryStore } from '../store/directory-store';
import { recordAudit } from '../store/audit';

export type SaveResult =
  | { ok: true; id: number; changed: boolean }
  | { ok: false; errors: FieldError[]; record: DirectoryRecord; conflict?: string };

function pick(kind: DirectoryKind, row: Record<string, unknown>): DirectoryRecord {
  const out: DirectoryRecord = {};
  for (const f of DIRECTORIES[kind].fields) out[f.key] = String(row[f.key] ?? '');
  return out;
}

export class DirectoryService {
  constructor(private readonly db: Db, private readonly store: DirectoryStore) {}

  get kind(): DirectoryKind {
    return this.store.t.kind;
  }

  create(input: Record<string, string | undefined>, actor: string, now: string, departmentId?: number): SaveResult {
    const def = DIRECTORIES[this.kind];
    const r = checkRecord(def, input);
    if (!r.ok) return { ok: false, errors: r.errors, record: r.record };
    if (this.store.t.scoped && departmentId === undefined) {
      return { ok: false, errors: [{ field: 'departmentId', label: '所属部门', value: '', reason: '请选择所属部门' }], record: r.record };
    }
    const key = r.record[def.key]!;
    const keyLabel = def.fields.find((f) => f.key === def.key)!.label;
    return inTransaction(this.db, () => {
      const existing = this.store.findByKey(key, departmentId);
      if (existing) {
        return { ok: false, errors: [{ field: def.key, label: keyLabel, value: key, reason: `${keyLabel}“${key}”已存在` }], record: r.record };
      }
      const id = this.store.insert(r.record, { actor, now }, departmentId);
      recordAudit(this.db, { at: now, actor, action: 'create', targetKind: this.kind, targetId: id, summary: `新增：${r.record.name ?? key}`, after: r.record });
      return { ok: true, id, changed: true };
    });
  }

  /** The natural key never changes on edit: draws and results refer to it. */
  update(id: number, version: number, input: Record<string, string | undefined>, actor: string, now: string): SaveResult | null {
    const def = DIRECTORIES[this.kind];
    return inTransaction(this.db, () => {
      const current = this.store.get(id);
      if (!current) return null;
      const r = checkRecord(def, { ...input, [def.key]: String(current[def.key]) });
      if (!r.ok) return { ok: false, errors: r.errors, record: r.record };
      const before = pick(this.kind, current);
      if (current.version !== version) {
        return { ok: false, errors: [], record: r.record, conflict: '该记录已被他人修改，请查看最新内容后重新编辑' };
      }
      if (sameRecord(def, before, r.record)) return { ok: true, id, changed: false };
      this.store.update(id, version, r.record, { actor, now });
      recordAudit(this.db, { at: now, actor, action: 'update', targetKind: this.kind, targetId: id, summary: `修改：${r.record.name ?? ''}`, before, after: r.record });
      return { ok: true, id, changed: true };
    });
  }

  setActive(id: number, active: boolean, actor: string, now: string): boolean {
    return inTransaction(this.db, () => {
      const current = this.store.get(id);
      if (!current) return false;
      const changed = this.store.setActive(id, active, { actor, now });
      if (changed) {
        recordAudit(this.db, {
          at: now, actor, action: active ? 'reactivate' : 'deactivate', targetKind: this.kind, targetId: id,
          summary: `${active ? '恢复启用' : '停用'}：${String(current.name ?? '')}`, before: { active: current.active }, after: { active: active ? 1 : 0 },
        });
      }
      return changed;
    });
  }
}
