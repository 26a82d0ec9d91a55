// Builds the SQL text of the directory statements from a TableSpec (identifiers from constants only).
import type { TableSpec } from './directory-tables';

const META = 'id, active, version, created_at AS createdAt, updated_at AS updatedAt, updated_by AS updatedBy';

export function selectList(t: TableSpec): string {
  const cols = t.columns.map((c) => (c.column === c.field ? c.column : `${c.column} AS ${c.field}`)).join(', ');
  return `${META}, ${t.scoped ? 'department_id AS departmentId, ' : ''}${cols}`;
}

export function insertSql(t: TableSpec): string {
  const names = t.columns.map((c) => c.column);
  const params = t.columns.map((c) => '@' + c.field);
  if (t.scoped) {
    names.push('department_id');
    params.push('@departmentId');
  }
  return `INSERT INTO ${t.table} (${names.join(', ')}, created_at, updated_at, updated_by)
    VALUES (${params.join(', ')}, @now, @now, @actor)`;
}

export function updateSql(t: TableSpec): string {
  const sets = t.columns.map((c) => `${c.column} = @${c.field}`).join(', ');
  return `UPDATE ${t.table} SET ${sets}, version = version + 1, updated_at = @now, updated_by = @actor
    WHERE id = @id AND version = @version`;
}

/** True when any field of the stored row differs from the bound parameters (or excluded row). */
export function differs(t: TableSpec, other: (field: string, column: string) => string): string {
  return t.columns.map((c) => `${t.table}.${c.column} IS NOT ${other(c.field, c.column)}`).join(' OR ');
}

/**
 * The import's staging table: the checked rows of one file, in the connection's temp schema.
 * Its key is unique, so a key repeated in the file is refused by the index the merge needs anyway.
 */
export function stageCreateSql(t: TableSpec): string {
  return `CREATE TEMP TABLE stage (${t.columns.map((c) => (c === t.key ? c.column + ' UNIQUE' : c.column)).join(', ')})`;
}

export function stageInsertSql(t: TableSpec): string {
  return `INSERT INTO temp.stage VALUES (${t.columns.map(() => '?').join(', ')})`;
}

/** Join condition of a staged row with its stored row (same key, and same department where scoped). */
function match(t: TableSpec): string {
  const k = t.key.column;
  return `${t.table}.${k} = s.${k}` + (t.scoped ? ` AND ${t.table}.department_id = @departmentId` : '');
}

export function matchedCountSql(t: TableSpec): string {
  return `SELECT count(*) AS n FROM temp.stage s JOIN ${t.table} ON ${match(t)}`;
}

export function changedCountSql(t: TableSpec): string {
  return `SELECT count(*) AS n FROM temp.stage s JOIN ${t.table} ON ${match(t)} WHERE ${differs(t, (_f, col) => 's.' + col)}`;
}

export function mergeUpdateSql(t: TableSpec): string {
  const sets = t.columns.filter((c) => c !== t.key).map((c) => `${c.column} = s.${c.column}`).join(', ');
  return `UPDATE ${t.table} SET ${sets}, version = version + 1, updated_at = @now, updated_by = @actor
    FROM temp.stage s WHERE ${match(t)} AND (${differs(t, (_f, col) => 's.' + col)})`;
}

/**
 * New rows, in the file's order: ids then follow the order staff registered them, which is what the
 * lists' newest-first means (sorting by key measured no faster, and made prefix searches walk half
 * the table to reach their first match).
 */
export function mergeInsertSql(t: TableSpec): string {
  const cols = t.columns.map((c) => c.column).join(', ');
  const dep = t.scoped ? ', department_id' : '';
  const depVal = t.scoped ? ', @departmentId' : '';
  return `INSERT OR IGNORE INTO ${t.table} (${cols}${dep}, created_at, updated_at, updated_by)
    SELECT ${cols}${depVal}, @now, @now, @actor FROM temp.stage ORDER BY rowid`;
}

/**
 * One new row straight into an empty directory, every value by position (faster than by name on a
 * million rows): the cells, then the department where scoped, then created_at, updated_at, updated_by.
 */
export function directInsertSql(t: TableSpec): string {
  const cols = t.columns.map((c) => c.column).join(', ');
  const dep = t.scoped ? ', department_id' : '';
  return `INSERT INTO ${t.table} (${cols}${dep}, created_at, updated_at, updated_by)
    VALUES (${t.columns.map(() => '?').join(', ')}${t.scoped ? ', ?' : ''}, ?, ?, ?)`;
}

/** The rowid of the row holding a key: in the stage, or in a directory a bulk load is filling from empty. */
export function keyRowidSql(t: TableSpec, stage: boolean): string {
  return stage ? `SELECT rowid AS r FROM temp.stage WHERE ${t.key.column} = ?` : `SELECT id AS r FROM ${t.table} WHERE ${t.key.column} = ?`;
}
