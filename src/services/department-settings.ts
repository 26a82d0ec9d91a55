// A department's own settings, changed by its admins (access.authorizeDepartment) and audited.
import type { Db } from '../store/db';
import { inTransaction } from '../store/db';
import { recordAudit } from '../store/audit';
import { keepsPhotoLocation, listDepartments, setKeepPhotoLocation } from '../store/departments';
import type { User } from '../store/users';
import { authorizeDepartment } from './access';
import { NotFound } from './errors';

/** Whether the department's teams keep where their photos were taken (EXIF, GPS included); off by default. */
export function setPhotoLocation(db: Db, by: User, departmentId: number, on: boolean, now: string): void {
  const dept = listDepartments(db).find((d) => d.id === departmentId);
  if (!dept) throw new NotFound('部门不存在');
  authorizeDepartment(by, departmentId);
  if (keepsPhotoLocation(db, departmentId) === on) return;
  inTransaction(db, () => {
    setKeepPhotoLocation(db, departmentId, on);
    recordAudit(db, {
      at: now, actor: by.username, action: 'department-settings', targetKind: 'departments', targetId: String(departmentId), departmentId,
      summary: `${dept.name}：上传照片${on ? '保留拍摄位置等拍摄信息' : '去除拍摄位置等拍摄信息'}`, before: { keepPhotoLocation: !on }, after: { keepPhotoLocation: on },
    });
  });
}
