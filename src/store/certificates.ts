// Inspectors whose 执法证 ends before a day: warnings on the inspector list and on a task's page.
import type { Db } from './db';

export interface ExpiringCertificate {
  inspectorId: number;
  name: string;
  certNo: string;
  certExpiry: string;
  departmentId: number;
}

const COLS = 'p.id AS inspectorId, p.name, p.cert_no AS certNo, p.cert_expiry AS certExpiry, p.department_id AS departmentId';

/** Inspectors on duty (active, 在岗) of the departments given (all when undefined) whose certificate ends before `day`. */
export function certificatesEndingBefore(db: Db, day: string, departmentIds?: number[]): ExpiringCertificate[] {
  const rows = db
    .prepare<[string], ExpiringCertificate>(`SELECT ${COLS} FROM inspectors p WHERE p.active = 1 AND p.status = '在岗' AND p.cert_expiry < ? ORDER BY p.cert_expiry, p.cert_no`)
    .all(day);
  return departmentIds ? rows.filter((r) => departmentIds.includes(r.departmentId)) : rows;
}

/** The fields (专业领域) of the experts on duty, for the task form's pick list. */
export function expertFields(db: Db): string[] {
  return inspectorFields(db, { experts: true });
}

/**
 * The fields (专业领域) the inspectors on duty have (of a department where given; experts or
 * inspectors), for pick lists and for the warning on an item whose field nobody has.
 */
export function inspectorFields(db: Db, o: { experts: boolean; departmentId?: number }): string[] {
  const rows = db
    .prepare<unknown[], string>(
      `SELECT DISTINCT specialties FROM inspectors WHERE is_expert ${o.experts ? "= '是'" : "<> '是'"} AND active = 1 AND status = '在岗' ${o.departmentId === undefined ? '' : 'AND department_id = ?'}`,
    )
    .pluck()
    .all(...(o.departmentId === undefined ? [] : [o.departmentId]));
  return [...new Set(rows.flatMap((r) => r.split('、')).filter(Boolean))].sort();
}

/** Members of a draw's teams whose certificate ends before `day` (the inspections' deadline), with whom they inspect. */
export function teamCertificatesEndingBefore(db: Db, drawId: number, day: string): (ExpiringCertificate & { entities: number })[] {
  return db
    .prepare<[number, string], ExpiringCertificate & { entities: number }>(
      `SELECT ${COLS}, count(*) AS entities FROM assignments a JOIN inspectors p ON p.id = a.inspector_id
       WHERE a.draw_id = ? AND p.cert_expiry < ? GROUP BY p.id ORDER BY p.cert_expiry, p.cert_no`,
    )
    .all(drawId, day);
}
